package io.mailfleet.mta.egress;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link DailySends} in a small JSON file (in the spool directory) so caps survive a restart:
 * written every {@code interval} when the counts changed, and at close, each time to a temp file
 * that is synced and then moved over the old one, and the directory synced after the move. A crash
 * loses at most the reservations of the last interval, so a source can overshoot its cap by what it
 * sent in those few seconds.
 */
public final class DailySendsFile implements AutoCloseable {

  /** The file's name in the spool directory. */
  public static final String NAME = "egress-daily-sends.json";

  private static final Logger LOG = LoggerFactory.getLogger(DailySendsFile.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The file's content: {@code {"day": "2026-11-28", "sent": {"source": 1200}}}. */
  private record Stored(String day, Map<String, Long> sent) {}

  private final Path file;
  private final DailySends sends;
  private final ScheduledExecutorService writer;
  private long written = -1;

  private DailySendsFile(Path file, DailySends sends, Duration interval) {
    this.file = file;
    this.sends = sends;
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "egress-counts-writer");
              t.setDaemon(true);
              return t;
            });
    long millis = interval.toMillis();
    writer.scheduleWithFixedDelay(this::writeQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Starts writing {@code sends} to {@code file} every {@code interval}. */
  public static DailySendsFile start(Path file, DailySends sends, Duration interval) {
    return new DailySendsFile(file, sends, interval);
  }

  /** The counts stored in {@code file}, or {@code null} when there is none or it is unreadable. */
  public static DailySends.Snapshot read(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      Stored stored = JSON.readValue(file.toFile(), Stored.class);
      return new DailySends.Snapshot(LocalDate.parse(stored.day()), stored.sent());
    } catch (IOException | RuntimeException e) {
      LOG.warn("egress counts in {} unreadable, starting from zero: {}", file, e.getMessage());
      return null;
    }
  }

  /** Writes the counts now when they changed since the last write. */
  public synchronized void write() {
    long changes = sends.changes();
    if (changes == written) {
      return;
    }
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      DailySends.Snapshot snapshot = sends.snapshot();
      Files.write(
          temp, JSON.writeValueAsBytes(new Stored(snapshot.day().toString(), snapshot.sent())));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write egress counts to " + file, e);
    }
    written = changes;
  }

  /**
   * Makes the rename durable: without it a crash can bring back the old file, or none, though the
   * new content was synced (the spool does the same for its own files).
   */
  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private void writeQuietly() {
    try {
      write();
    } catch (UncheckedIOException e) {
      LOG.error("{}; retrying at the next interval", e.getMessage(), e.getCause());
    }
  }

  /** Stops the periodic writes and writes the counts a last time. */
  @Override
  public void close() {
    writer.shutdownNow();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeQuietly();
  }
}
