package io.mailfleet.mta.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the spool's index at start: scans every segment, keeps the messages that have a commit
 * record and no completion record, drops chunks never committed, deletes segments nothing refers
 * to, and cuts torn tails off completion journals so appends start on a clean record boundary. A
 * segment with unreadable records in its middle is read around them and kept in quarantine.
 */
final class SpoolRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

  /**
   * What recovery found.
   *
   * @param live committed, not completed messages, in commit order
   * @param segments the segments still needed, by number, with their reference counts
   * @param maxKey the largest message key seen, or -1
   */
  record Recovered(List<StoredMessage> live, Map<Long, Segment> segments, long maxKey) {}

  private SpoolRecovery() {}

  static Recovered recover(Path dir, SpoolObserver observer) throws IOException {
    List<Long> numbers = segmentNumbers(dir);
    Map<Long, List<ChunkRef>> uncommitted = new HashMap<>();
    LinkedHashMap<MessageId, StoredMessage> live = new LinkedHashMap<>();
    Map<Long, Long> validSize = new HashMap<>();
    Map<Long, List<SegmentScanner.Unreadable>> damaged = new LinkedHashMap<>();
    long[] maxKey = {-1};
    int[] torn = {0};
    for (long n : numbers) {
      SegmentScanner.DoneScan done = SegmentScanner.scanDone(dir.resolve(doneName(n)));
      truncate(dir.resolve(doneName(n)), done.validBytes());
      Path log = dir.resolve(logName(n));
      SegmentScanner.Scan scan =
          SegmentScanner.scan(
              log,
              n,
              new SegmentScanner.Visitor() {
                @Override
                public void chunk(long key, ChunkRef ref) {
                  maxKey[0] = Math.max(maxKey[0], key);
                  uncommitted.computeIfAbsent(key, k -> new ArrayList<>()).add(ref);
                }

                @Override
                public void commit(long key, EnvelopeCodec.CommitInfo info) {
                  maxKey[0] = Math.max(maxKey[0], key);
                  List<ChunkRef> chunks = uncommitted.remove(key);
                  if (!done.keys().contains(key)) {
                    StoredMessage m = stored(n, key, info, chunks == null ? List.of() : chunks);
                    live.put(m.message().id(), m);
                  }
                }
              });
      long valid = scan.validBytes();
      if (valid < Files.size(log)) {
        torn[0]++;
        LOG.warn(
            "spool segment {} ends in {} bytes of torn or unacknowledged writes (from offset {});"
                + " ignored",
            n,
            Files.size(log) - valid,
            valid);
      }
      if (!scan.damage().isEmpty()) {
        damaged.put(n, scan.damage());
      }
      validSize.put(n, valid);
    }
    SegmentQuarantine quarantine = new SegmentQuarantine(dir);
    for (Map.Entry<Long, List<SegmentScanner.Unreadable>> d : damaged.entrySet()) {
      quarantine.keep(d.getKey(), d.getValue(), damagedMessagesIn(d.getKey(), live.values()));
      observer.quarantined(
          d.getValue().size(),
          d.getValue().stream().mapToLong(SegmentScanner.Unreadable::bytes).sum());
    }
    Map<Long, Segment> segments = openNeeded(dir, numbers, validSize, live.values());
    deleteOrphanJournals(dir);
    LOG.info(
        "spool recovered {} messages from {} segments ({} uncommitted messages dropped,"
            + " {} torn tails, {} damaged segments quarantined)",
        live.size(),
        segments.size(),
        uncommitted.size(),
        torn[0],
        damaged.size());
    return new Recovered(new ArrayList<>(live.values()), segments, maxKey[0]);
  }

  /**
   * A committed message; when its content does not add up (a chunk was unreadable or its segment is
   * gone) it is kept as not intact, so that delivery bounces it to its sender instead of the
   * acknowledged message vanishing without a word.
   */
  private static StoredMessage stored(
      long home, long key, EnvelopeCodec.CommitInfo info, List<ChunkRef> chunks) {
    long bytes = chunks.stream().mapToLong(ChunkRef::length).sum();
    boolean intact = chunks.size() == info.chunks() && bytes == info.size();
    if (!intact) {
      LOG.error(
          "spool message {} is committed but its content is incomplete ({} of {} chunks, {} of {}"
              + " bytes); segment lost or corrupted, message will be bounced",
          info.id(),
          chunks.size(),
          info.chunks(),
          bytes,
          info.size());
    }
    Set<Long> segments = new HashSet<>();
    segments.add(home);
    chunks.forEach(c -> segments.add(c.segment()));
    return new StoredMessage(info.message(), key, home, chunks, segments, intact);
  }

  /** The messages without their full content that have their commit or a chunk in a segment. */
  private static List<MessageId> damagedMessagesIn(long segment, Iterable<StoredMessage> live) {
    List<MessageId> ids = new ArrayList<>();
    for (StoredMessage m : live) {
      if (!m.intact() && m.segments().contains(segment)) {
        ids.add(m.message().id());
      }
    }
    return ids;
  }

  private static Map<Long, Segment> openNeeded(
      Path dir, List<Long> numbers, Map<Long, Long> validSize, Iterable<StoredMessage> live)
      throws IOException {
    Map<Long, Integer> refs = new HashMap<>();
    for (StoredMessage m : live) {
      m.segments().forEach(s -> refs.merge(s, 1, Integer::sum));
    }
    Map<Long, Segment> segments = new HashMap<>();
    for (long n : numbers) {
      Segment s = Segment.open(dir, n, validSize.get(n));
      if (refs.containsKey(n)) {
        s.refs = refs.get(n);
        segments.put(n, s);
      } else {
        s.delete();
        LOG.debug("spool segment {} holds no live message; deleted", n);
      }
    }
    return segments;
  }

  /** A journal whose segment is gone was left by a crash during reclamation. */
  private static void deleteOrphanJournals(Path dir) throws IOException {
    List<Path> orphans;
    try (Stream<Path> files = Files.list(dir)) {
      orphans =
          files
              .filter(p -> p.getFileName().toString().matches("segment-\\d{16}\\.done"))
              .filter(
                  p ->
                      !Files.exists(
                          dir.resolve(p.getFileName().toString().replace(".done", ".log"))))
              .toList();
    }
    for (Path orphan : orphans) {
      Files.delete(orphan);
      LOG.debug("spool completion journal {} has no segment; deleted", orphan.getFileName());
    }
  }

  private static void truncate(Path file, long validBytes) throws IOException {
    if (Files.exists(file) && Files.size(file) > validBytes) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(validBytes);
        ch.force(false);
      }
    }
  }

  static List<Long> segmentNumbers(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(Segment::numberOf).filter(n -> n >= 0).sorted().toList();
    }
  }

  static String logName(long n) {
    return String.format("segment-%016d.log", n);
  }

  static String doneName(long n) {
    return String.format("segment-%016d.done", n);
  }
}
