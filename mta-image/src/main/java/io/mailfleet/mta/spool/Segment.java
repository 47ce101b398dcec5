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
  private FileChannel doneChannel;
  long size;

  /** Messages (in flight or committed and not complete) with a chunk or their commit here. */
  int refs;

  /** Sync requests naming this segment that the fsync thread has not reported done. */
  int pendingSyncs;

  private Segment(long number, Path dir, FileChannel channel, long size) {
    this.number = number;
    this.log = dir.resolve(SpoolRecovery.logName(number));
    this.done = dir.resolve(SpoolRecovery.doneName(number));
    this.channel = channel;
    this.size = size;
  }

  /** Creates a new empty segment for appending and makes its directory entry durable. */
  static Segment create(Path dir, long number) throws IOException {
    Path log = dir.resolve(SpoolRecovery.logName(number));
    FileChannel ch =
        FileChannel.open(
            log, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    syncDirectory(dir);
    return new Segment(number, dir, ch, 0);
  }

  /** Opens an existing segment, read-only, after recovery validated it up to {@code validSize}. */
  static Segment open(Path dir, long number, long validSize) throws IOException {
    Path log = dir.resolve(SpoolRecovery.logName(number));
    return new Segment(number, dir, FileChannel.open(log, StandardOpenOption.READ), validSize);
  }

  /** The segment number in a file name, or -1 when the name is not a segment's. */
  static long numberOf(Path file) {
    Matcher m = LOG_NAME.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Appends at the end of the segment; returns the offset where the bytes start. */
  long append(ByteBuffer bytes) throws IOException {
    long at = size;
    while (bytes.hasRemaining()) {
      size += channel.write(bytes, size);
    }
    return at;
  }

  /** Appends completion records to the journal (created on first use). */
  void appendDone(ByteBuffer records) throws IOException {
    if (doneChannel == null) {
      boolean existed = Files.exists(done);
      doneChannel = FileChannel.open(done, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      doneChannel.position(doneChannel.size());
      if (!existed) {
        syncDirectory(log.getParent());
      }
    }
    while (records.hasRemaining()) {
      doneChannel.write(records);
    }
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
