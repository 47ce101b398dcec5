package io.mailfleet.mta.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One append-only segment file and its completion journal ({@code .done}). Mutable state is touched
 * only by the spool's I/O thread; other threads only read the channel with positional reads.
 */
final class Segment {

  private static final Pattern LOG_NAME = Pattern.compile("segment-(\\d{16})\\.log");

  final long number;
  final Path log;
  final Path done;
  final FileChannel channel;
  private final SpoolFiles files;
  private FileChannel doneChannel;
  private long doneSize;
  long size;

  /**
   * Append no more here: a failed write left bytes past {@link #size} that could not be cut, or a
   * failed fsync left the unsynced pages in doubt. Only the writer thread touches it.
   */
  boolean abandoned;

  /** Messages (in flight or committed and not complete) with a chunk or their commit here. */
  int refs;

  /** Sync requests naming this segment that the fsync thread has not reported done. */
  int pendingSyncs;

  private Segment(long number, Path dir, FileChannel channel, long size, SpoolFiles files) {
    this.number = number;
    this.log = dir.resolve(SpoolRecovery.logName(number));
    this.done = dir.resolve(SpoolRecovery.doneName(number));
    this.channel = channel;
    this.size = size;
    this.files = files;
  }

  /** Creates a new empty segment for appending and makes its directory entry durable. */
  static Segment create(Path dir, long number, SpoolFiles files) throws IOException {
    Path log = dir.resolve(SpoolRecovery.logName(number));
    FileChannel ch =
        files.open(
            log, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      syncDirectory(dir);
    } catch (IOException e) {
      ch.close();
      Files.deleteIfExists(log);
      throw e;
    }
    return new Segment(number, dir, ch, 0, files);
  }

  /** Opens an existing segment, read-only, after recovery validated it up to {@code validSize}. */
  static Segment open(Path dir, long number, long validSize) throws IOException {
    Path log = dir.resolve(SpoolRecovery.logName(number));
    return new Segment(
        number, dir, FileChannel.open(log, StandardOpenOption.READ), validSize, SpoolFiles.DISK);
  }

  /** The segment number in a file name, or -1 when the name is not a segment's. */
  static long numberOf(Path file) {
    Matcher m = LOG_NAME.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * Appends at the end of the segment; returns the offset where the bytes start. When the write
   * fails (a full disk), what it left is cut off, so the next append starts at the same offset and
   * no half record sits between whole ones; when even the cut fails, the segment is {@link
   * #abandoned}.
   */
  long append(ByteBuffer bytes) throws IOException {
    long at = size;
    try {
      while (bytes.hasRemaining()) {
        size += channel.write(bytes, size);
      }
    } catch (IOException e) {
      size = at;
      try {
        channel.truncate(at);
      } catch (IOException cut) {
        e.addSuppressed(cut);
        abandoned = true;
      }
      throw e;
    }
    return at;
  }

  /**
   * Appends completion records to the journal (created on first use). Writes are positional at the
   * end of what was written whole, so a record torn by a failed write is overwritten by the next.
   */
  void appendDone(ByteBuffer records) throws IOException {
    if (doneChannel == null) {
      boolean existed = Files.exists(done);
      FileChannel ch = files.open(done, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        if (!existed) {
          syncDirectory(log.getParent());
        }
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      doneChannel = ch;
      doneSize = ch.size();
    }
    long at = doneSize;
    while (records.hasRemaining()) {
      at += doneChannel.write(records, at);
    }
    doneSize = at;
  }

  /** Forces appended content to disk. */
  void force() throws IOException {
    channel.force(false);
  }

  /** Forces the completion journal to disk, if it was written. */
  void forceDone() throws IOException {
    if (doneChannel != null) {
      doneChannel.force(false);
    }
  }

  void close() throws IOException {
    channel.close();
    if (doneChannel != null) {
      doneChannel.close();
    }
  }

  /** Removes the segment: log first (then the directory is synced), journal last. */
  void delete() throws IOException {
    close();
    Files.deleteIfExists(log);
    syncDirectory(log.getParent());
    Files.deleteIfExists(done);
  }

  /** Makes created or removed directory entries durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
