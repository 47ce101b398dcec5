package io.mailfleet.mta.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a damaged segment, its completion journal and a damage report in {@code quarantine/} beside
 * the segments, where the MTA never deletes anything: the segment itself goes on being read and
 * reclaimed as usual, so the kept copy is the evidence an operator inspects (docs/operations.md).
 */
final class SegmentQuarantine {

  static final String DIRECTORY = "quarantine";

  private static final Logger LOG = LoggerFactory.getLogger(SegmentQuarantine.class);

  private final Path spoolDir;
  private final Path dir;

  SegmentQuarantine(Path spoolDir) {
    this.spoolDir = spoolDir;
    this.dir = spoolDir.resolve(DIRECTORY);
  }

  /** Keeps segment {@code n} once (a later restart that finds the same damage reuses the copy). */
  void keep(long n, List<SegmentScanner.Unreadable> damage, List<MessageId> damagedMessages)
      throws IOException {
    Files.createDirectories(dir);
    Path kept = dir.resolve(SpoolRecovery.logName(n));
    if (!Files.exists(kept)) {
      link(spoolDir.resolve(SpoolRecovery.logName(n)), kept);
      Path done = spoolDir.resolve(SpoolRecovery.doneName(n));
      if (Files.exists(done)) {
        Files.copy(done, dir.resolve(done.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(dir.resolve(reportName(n)), report(n, damage, damagedMessages));
      Segment.syncDirectory(dir);
    }
    long bytes = damage.stream().mapToLong(SegmentScanner.Unreadable::bytes).sum();
    LOG.error(
        "spool segment {} has unreadable records at byte ranges {} ({} bytes); the records around"
            + " them were recovered, messages left without their content will be bounced: {};"
            + " segment kept as {}",
        n,
        damage.stream().map(Object::toString).collect(Collectors.joining(", ")),
        bytes,
        damagedMessages,
        kept);
  }

  /** A hard link costs nothing and freezes the bytes read; a copy where links are not supported. */
  private static void link(Path segment, Path kept) throws IOException {
    try {
      Files.createLink(kept, segment);
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(segment, kept, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String report(
      long n, List<SegmentScanner.Unreadable> damage, List<MessageId> damagedMessages) {
    StringBuilder out = new StringBuilder();
    out.append("segment ").append(SpoolRecovery.logName(n)).append('\n');
    damage.forEach(u -> out.append("unreadable bytes ").append(u).append('\n'));
    damagedMessages.forEach(
        id -> out.append("message to bounce, content unreadable ").append(id).append('\n'));
    return out.toString();
  }

  static String reportName(long n) {
    return String.format("segment-%016d.damage", n);
  }
}
