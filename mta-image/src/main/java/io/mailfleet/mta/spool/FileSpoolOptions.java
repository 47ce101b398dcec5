package io.mailfleet.mta.spool;

import io.mailfleet.mta.config.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a {@link FileSpool} is laid out and how hard it syncs.
 *
 * @param directory where segments live; created if missing; one spool process per directory
 * @param durability {@link Durability#FSYNC} acknowledges after fsync; {@link Durability#BATCHED}
 *     after the write, with an fsync every {@code batchInterval}
 * @param segmentBytes size after which a new segment is started
 * @param batchInterval fsync period in {@link Durability#BATCHED} mode
 * @param maxQueuedBytes content allowed to wait in heap for the I/O thread before writers are asked
 *     to pause (see {@link SpoolWriter#writable()})
 * @param minFreeBytes below this much free space on the volume the spool reports {@link
 *     SpoolCondition#LOW_ON_SPACE}, so new mail is refused before the disk is full
 * @param stalledAfter writes failing for longer than this while the volume has space make the spool
 *     report that it cannot make progress (liveness fails)
 * @param contentDigest makes the digest stored with each message (see {@link ContentFacts}); {@link
 *     ContentDigest#NONE} by default
 */
public record FileSpoolOptions(
    Path directory,
    Durability durability,
    long segmentBytes,
    Duration batchInterval,
    long maxQueuedBytes,
    long minFreeBytes,
    Duration stalledAfter,
    Supplier<ContentDigest> contentDigest) {

  /** Default segment size: large enough that rollover is rare, small enough to reclaim often. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  /** Default fsync period of {@link Durability#BATCHED} mode. */
  public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofMillis(100);

  /** Default heap budget for content on its way to disk. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 32L << 20;

  public FileSpoolOptions {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(batchInterval, "batchInterval");
    Objects.requireNonNull(stalledAfter, "stalledAfter");
    Objects.requireNonNull(contentDigest, "contentDigest");
    if (segmentBytes < 1 << 16) {
      throw new IllegalArgumentException("segmentBytes must be at least 64 KiB: " + segmentBytes);
    }
    if (batchInterval.isNegative() || batchInterval.isZero()) {
      throw new IllegalArgumentException("batchInterval must be positive: " + batchInterval);
    }
    if (maxQueuedBytes < RecordFormat.MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "maxQueuedBytes must be at least 64 KiB: " + maxQueuedBytes);
    }
    if (minFreeBytes < 0) {
      throw new IllegalArgumentException("minFreeBytes must not be negative: " + minFreeBytes);
    }
    if (stalledAfter.isNegative() || stalledAfter.isZero()) {
      throw new IllegalArgumentException("stalledAfter must be positive: " + stalledAfter);
    }
  }

  /** The same options with another segment size and fsync period (tests use small ones). */
  public FileSpoolOptions withSegments(long segmentBytes, Duration batchInterval) {
    return new FileSpoolOptions(
        directory,
        durability,
        segmentBytes,
        batchInterval,
        maxQueuedBytes,
        minFreeBytes,
        stalledAfter,
        contentDigest);
  }

  /** The same options with another heap budget for queued content. */
  public FileSpoolOptions withMaxQueuedBytes(long maxQueuedBytes) {
    return new FileSpoolOptions(
        directory,
        durability,
        segmentBytes,
        batchInterval,
        maxQueuedBytes,
        minFreeBytes,
        stalledAfter,
        contentDigest);
  }

  /** The same options with another free-space floor and stall bound. */
  public FileSpoolOptions withFailureLimits(long minFreeBytes, Duration stalledAfter) {
    return new FileSpoolOptions(
        directory,
        durability,
        segmentBytes,
        batchInterval,
        maxQueuedBytes,
        minFreeBytes,
        stalledAfter,
        contentDigest);
  }

  /** The same options with another digest stored with each message. */
  public FileSpoolOptions withContentDigest(Supplier<ContentDigest> contentDigest) {
    return new FileSpoolOptions(
        directory,
        durability,
        segmentBytes,
        batchInterval,
        maxQueuedBytes,
        minFreeBytes,
        stalledAfter,
        contentDigest);
  }

  /** Defaults for everything but the directory and the durability. */
  public static FileSpoolOptions of(Path directory, Durability durability) {
    return new FileSpoolOptions(
        directory,
        durability,
        DEFAULT_SEGMENT_BYTES,
        DEFAULT_BATCH_INTERVAL,
        DEFAULT_MAX_QUEUED_BYTES,
        0,
        Duration.ofMinutes(5),
        ContentDigest.NONE);
  }
}
