package io.mailfleet.mta.spool;

import static io.mailfleet.mta.spool.SpoolContract.content;
import static io.mailfleet.mta.spool.SpoolContract.durable;
import static io.mailfleet.mta.spool.SpoolContract.envelope;
import static io.mailfleet.mta.spool.SpoolContract.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mailfleet.mta.config.Durability;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
  void contentFactsTakenWhileWritingOutliveARestart() throws Exception {
    FileSpoolOptions options =
        FileSpoolOptions.of(dir, Durability.FSYNC)
            .withContentDigest(
                () ->
                    new ContentDigest() {
                      private int octets;

                      @Override
                      public void update(byte[] content, int offset, int length) {
                        octets += length;
                      }

                      @Override
                      public byte[] finish() {
                        return new byte[] {(byte) octets, (byte) (octets >> 8)};
                      }
                    });
    byte[] sevenBit = "Subject: plain\r\n\r\nascii\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] eightBit = "Subject: caf\u00e9\r\n\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    MessageId plain;
    MessageId accented;
    try (FileSpool spool = FileSpool.open(options, SpoolObserver.NONE)) {
      SpoolWriter writer = spool.begin(envelope("a@example.com", "b@example.com"));
      writer.write(java.nio.ByteBuffer.wrap(sevenBit));
      plain = durable(writer.commit());
      assertThat(writer.facts()).contains(new ContentFacts(false, new byte[] {25, 0}));
      accented = store(spool, envelope("c@example.com", "d@example.com"), eightBit);
    }
    try (FileSpool reopened = FileSpool.open(options, SpoolObserver.NONE)) {
      assertThat(reopened.recover())
          .extracting(SpooledMessage::id, SpooledMessage::facts)
          .containsExactly(
              tuple(plain, Optional.of(new ContentFacts(false, new byte[] {25, 0}))),
              tuple(accented, Optional.of(new ContentFacts(true, new byte[] {20, 0}))));
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

  @Test
  void corruptRecordMidSegmentLosesOnlyItsMessageAndQuarantinesTheSegment() throws Exception {
    byte[] first = content(40, 3_000);
    byte[] middle = content(41, 3_000);
    byte[] third = content(42, 3_000);
    FileSpoolOptions options = FileSpoolOptions.of(dir, Durability.FSYNC);
    MessageId firstId;
    MessageId middleId;
    MessageId thirdId;
    try (FileSpool spool = FileSpool.open(options, SpoolObserver.NONE)) {
      firstId = store(spool, envelope("a@example.com", "b@example.com"), first);
      middleId = store(spool, envelope("c@example.com", "d@example.com"), middle);
      thirdId = store(spool, envelope("e@example.com", "f@example.com"), third);
    }
    Path segment = dir.resolve(SpoolRecovery.logName(1));
    long flipped = flipByteOf(segment, middle, 1_500);
    List<Long> unreadable = new ArrayList<>();
    SpoolObserver observer =
        new SpoolObserver() {
          @Override
          public void fsynced(Duration latency, int batchSize) {}

          @Override
          public void quarantined(int ranges, long bytes) {
            unreadable.add(bytes);
          }
        };

    try (FileSpool reopened = FileSpool.open(options, observer)) {
      assertThat(reopened.recover())
          .extracting(SpooledMessage::id)
          .containsExactly(firstId, middleId, thirdId);
      assertThat(SpoolContract.read(reopened, firstId)).isEqualTo(first);
      assertThat(SpoolContract.read(reopened, thirdId)).isEqualTo(third);
      assertThatThrownBy(() -> SpoolContract.read(reopened, middleId))
          .isInstanceOf(DamagedContentException.class);
    }

    Path quarantine = dir.resolve(SegmentQuarantine.DIRECTORY);
    assertThat(quarantine.resolve(SpoolRecovery.logName(1))).hasSameBinaryContentAs(segment);
    long chunkStart = flipped - 1_500 - RecordFormat.HEADER_BYTES;
    assertThat(quarantine.resolve(SegmentQuarantine.reportName(1)))
        .content()
        .contains("unreadable bytes [" + chunkStart + ", " + (chunkStart + 3_017) + ")")
        .contains(middleId.value());
    assertThat(unreadable).containsExactly(3_017L);
  }

  @Test
  void quarantinedSegmentOutlivesTheMessagesItHeld() throws Exception {
    byte[] middle = content(44, 2_000);
    FileSpoolOptions options = FileSpoolOptions.of(dir, Durability.FSYNC);
    try (FileSpool spool = FileSpool.open(options, SpoolObserver.NONE)) {
      store(spool, envelope("a@example.com", "b@example.com"), content(43, 2_000));
      store(spool, envelope("a@example.com", "b@example.com"), middle);
      store(spool, envelope("a@example.com", "b@example.com"), content(45, 2_000));
    }
    flipByteOf(dir.resolve(SpoolRecovery.logName(1)), middle, 10);

    try (FileSpool reopened = FileSpool.open(options, SpoolObserver.NONE)) {
      for (SpooledMessage m : reopened.recover()) {
        durable(reopened.complete(m.id()));
      }
      store(reopened, envelope("a@example.com", "b@example.com"), content(46, 10));
    }
    try (FileSpool again = FileSpool.open(options, SpoolObserver.NONE)) {
      assertThat(dir.resolve(SpoolRecovery.logName(1))).doesNotExist();
      assertThat(dir.resolve(SegmentQuarantine.DIRECTORY).resolve(SpoolRecovery.logName(1)))
          .exists();
    }
  }

  @Test
  void contentCorruptedWhileTheSpoolRunsReadsAsDamagedNotAsAnIoFailure() throws Exception {
    byte[] content = content(47, 5_000);
    try (FileSpool spool =
        FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), SpoolObserver.NONE)) {
      MessageId id = store(spool, envelope("a@example.com", "b@example.com"), content);

      flipByteOf(dir.resolve(SpoolRecovery.logName(1)), content, 4_000);

      // Delivery bounces on DamagedContentException and retries any other IOException.
      assertThatThrownBy(() -> SpoolContract.read(spool, id))
          .isInstanceOf(DamagedContentException.class)
          .hasMessageContaining("checksum mismatch");
    }
  }

  /** Flips the byte at {@code at} of where {@code content} sits in {@code file}; its offset. */
  private static long flipByteOf(Path file, byte[] content, int at) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int start = indexOf(bytes, content);
    assertThat(start).as("content found in %s", file).isNotNegative();
    bytes[start + at] ^= 0x5a;
    Files.write(file, bytes);
    return start + at;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> Segment.numberOf(p) >= 0).toList();
    }
  }
}
