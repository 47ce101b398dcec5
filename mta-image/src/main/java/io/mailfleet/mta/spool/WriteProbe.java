package io.mailfleet.mta.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Asks a spool volume whose writes failed whether it takes writes again: a chunk's worth written
 * and synced to a file that is not a segment (so recovery never reads it), then removed.
 */
final class WriteProbe {

  private static final String FILE = "write.probe";

  private final Path file;
  private final SpoolFiles files;

  WriteProbe(Path dir, SpoolFiles files) {
    this.file = dir.resolve(FILE);
    this.files = files;
  }

  /** Writes, syncs and removes the probe file; throws when the volume still refuses. */
  void write() throws IOException {
    try {
      try (FileChannel ch =
          files.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.allocate(RecordFormat.MAX_CHUNK_BYTES);
        while (bytes.hasRemaining()) {
          ch.write(bytes, bytes.position());
        }
        ch.force(false);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
