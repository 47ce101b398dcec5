package io.mailfleet.mta.spool;

import static io.mailfleet.mta.spool.SpoolContract.content;
import static io.mailfleet.mta.spool.SpoolContract.durable;
import static io.mailfleet.mta.spool.SpoolContract.envelope;
import static io.mailfleet.mta.spool.SpoolContract.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.mta.config.Durability;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileSpool} against the spool contract, in both durability modes, plus its file layout. */
class FileSpoolTest {

  @TempDir Path dir;

  /** Opens and reopens a file spool in {@link #dir}; damage is applied to its newest segment. */
  abstract class FileSpoolFixture implements SpoolContract {

    private RecordingObserver observer = new RecordingObserver();
    private FileSpool spool;

    abstract FileSpoolOptions options();

    @Override
    public Spool spool() {
      if (spool == null) {
        spool = FileSpool.open(options(), observer);
      }
      return spool;
    }

    @Override
    public Spool crashAndRestart(StorageDamage damage) {
      spool().close();
      try {
        damage(damage);
      } catch (IOException e) {
        throw new AssertionError("cannot damage the spool in " + dir, e);
      }
      observer = new RecordingObserver();
      spool = null;
      return spool();
    }

    @Override
    public List<Integer> syncBatches() {
      return observer.batches();
    }

    @AfterEach
    void closeSpool() {
      if (spool != null) {
        spool.close();
      }
    }

    private void damage(StorageDamage damage) throws IOException {
      Path newest = newestWrittenSegment();
      try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
        long size = f.length();
        if (damage instanceof StorageDamage.TornTail t) {
          f.setLength(size - t.bytes());
        } else if (damage instanceof StorageDamage.FlippedByte b) {
          f.seek(size - b.distanceFromEnd());
          int old = f.read();
          f.seek(size - b.distanceFromEnd());
          f.write(old ^ 0x5a);
        } else if (damage instanceof StorageDamage.TrailingGarbage g) {
          byte[] noise = new byte[g.bytes()];
          new Random(g.bytes()).nextBytes(noise);
          f.seek(size);
          f.write(noise);
        }
      }
    }

    private Path newestWrittenSegment() throws IOException {
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(p -> Segment.numberOf(p) >= 0)
            .filter(p -> p.toFile().length() > 0)
            .max(Comparator.comparingLong(Segment::numberOf))
            .orElseThrow(() -> new AssertionError("no written segment in " + dir));
      }
    }
  }

  @Nested
  class Fsync extends FileSpoolFixture {
    @Override
    FileSpoolOptions options() {
      return FileSpoolOptions.of(dir, Durability.FSYNC);
    }
  }

  @Nested
  class Batched extends FileSpoolFixture {
    @Override
    FileSpoolOptions options() {
      return FileSpoolOptions.of(dir, Durability.BATCHED)
          .withSegments(1 << 20, Duration.ofMillis(20));
    }
  }

  @Test
  void segmentsAreReclaimedOnceAllTheirMessagesAreComplete() throws Exception {
    FileSpoolOptions small =
        FileSpoolOptions.of(dir, Durability.FSYNC).withSegments(1 << 16, Duration.ofMillis(20));
    try (FileSpool spool = FileSpool.open(small, SpoolObserver.NONE)) {
      List<MessageId> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ids.add(store(spool, envelope("a@example.com", "b@example.com"), content(i, 20_000)));
      }
      assertThat(segmentFiles()).hasSizeGreaterThan(5);

      for (MessageId id : ids) {
        durable(spool.complete(id));
      }
      store(spool, envelope("a@example.com", "b@example.com"), content(99, 70_000));

      Awaitility.await("segments reclaimed")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(segmentFiles()).hasSizeLessThanOrEqualTo(2));
    }
  }

  @Test
  void secondProcessCannotOpenASpoolInUse() {
    try (FileSpool first =
        FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), SpoolObserver.NONE)) {
      assertThatThrownBy(
              () -> FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), SpoolObserver.NONE))
          .isInstanceOf(SpoolException.class)
          .hasMessageContaining("in use");
    }
  }

  @Test
  void messageSpanningASegmentRolloverIsRecoveredIntact() throws Exception {
    FileSpoolOptions small =
        FileSpoolOptions.of(dir, Durability.FSYNC).withSegments(1 << 16, Duration.ofMillis(20));
    byte[] big = content(1, 500_000);
    MessageId id;
    try (FileSpool spool = FileSpool.open(small, SpoolObserver.NONE)) {
      SpoolWriter writer = spool.begin(envelope("a@example.com", "b@example.com"));
      for (int i = 0; i < 10; i++) {
        store(spool, envelope("c@example.com", "d@example.com"), content(100 + i, 30_000));
        writer.write(java.nio.ByteBuffer.wrap(big, i * 50_000, 50_000));
      }
      id = durable(writer.commit());
    }
    try (FileSpool reopened = FileSpool.open(small, SpoolObserver.NONE)) {
      assertThat(SpoolContract.read(reopened, id)).isEqualTo(big);
      assertThat(reopened.recover()).hasSize(11);
    }
  }

  @Test
  void journalLeftWithoutItsSegmentByACrashIsRemovedAtOpen() throws IOException {
    Path orphan = dir.resolve("segment-0000000000000007.done");
    Files.write(orphan, new byte[RecordFormat.DONE_BYTES]);

    try (FileSpool spool =
        FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), SpoolObserver.NONE)) {
      assertThat(orphan).doesNotExist();
      assertThat(spool.recover()).isEmpty();
    }
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> Segment.numberOf(p) >= 0).toList();
    }
  }
}
