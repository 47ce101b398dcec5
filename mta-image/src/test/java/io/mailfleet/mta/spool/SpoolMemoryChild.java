package io.mailfleet.mta.spool;

import io.mailfleet.mta.config.Durability;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child JVM of {@link SpoolMemoryIT}: interleaves many large messages at once, the way many
 * SMTP sessions would, honouring {@link SpoolWriter#writable()}, and prints {@code STORED <n>} once
 * all are durable. Args: spool directory, sessions, KiB per message.
 */
public final class SpoolMemoryChild {

  private SpoolMemoryChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int sessions = Integer.parseInt(args[1]);
    int kib = Integer.parseInt(args[2]);
    byte[] piece = new byte[16 * 1024];
    try (FileSpool spool =
        FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), SpoolObserver.NONE)) {
      List<SpoolWriter> writers = new ArrayList<>();
      for (int s = 0; s < sessions; s++) {
        writers.add(
            spool.begin(
                new Envelope(
                    "s" + s + "@example.com", List.of("r@example.org"), Instant.now(), "::1")));
      }
      for (int written = 0; written < kib; written += piece.length / 1024) {
        for (SpoolWriter w : writers) {
          w.writable().join();
          w.write(ByteBuffer.wrap(piece));
        }
      }
      List<CompletableFuture<MessageId>> commits = new ArrayList<>();
      writers.forEach(w -> commits.add(w.commit()));
      CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).join();
      System.out.println("STORED " + spool.recover().size() + " " + spool.stats().bytes());
    }
  }
}
