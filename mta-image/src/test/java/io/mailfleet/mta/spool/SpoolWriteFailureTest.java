package io.mailfleet.mta.spool;

import static io.mailfleet.mta.spool.SpoolContract.content;
import static io.mailfleet.mta.spool.SpoolContract.durable;
import static io.mailfleet.mta.spool.SpoolContract.envelope;
import static io.mailfleet.mta.spool.SpoolContract.store;
import static io.mailfleet.mta.spool.SpoolContract.writeInPieces;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.Durability;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link FileSpool} whose writes fail as on a full disk: every caller hears, nothing wedges. */
class SpoolWriteFailureTest {

  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void errorMidBatchAnswersEveryCommitInTheBatchWithAFailure() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    disk.holdFirstWrite();
    disk.failWhen((file, ordinal) -> ordinal == 2);
    try (FileSpool spool =
        FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), SpoolObserver.NONE, disk)) {
      // A first message holds the writer in its write, so the four below queue up as one batch.
      SpoolWriter first = spool.begin(envelope("a@example.com", "b@example.com"));
      first.write(ByteBuffer.wrap(content(9, 100)));
      CompletableFuture<MessageId> firstCommit = first.commit();
      disk.awaitFirstWrite();
      List<CompletableFuture<MessageId>> commits = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SpoolWriter writer = spool.begin(envelope("a@example.com", "b@example.com"));
        writeInPieces(writer, content(i, 600 * 1024), 8192);
        commits.add(writer.commit());
      }
      disk.releaseFirstWrite();

      // The writer may take the first message's content and its commit in two batches; then its
      // commit record shares the failing write with the four. Either way it must be answered.
      assertThat(firstCommit.handle((id, failure) -> "answered"))
          .succeedsWithin(ANSWER_WITHIN)
          .isEqualTo("answered");
      for (CompletableFuture<MessageId> commit : commits) {
        assertThat(commit)
            .failsWithin(ANSWER_WITHIN)
            .withThrowableThat()
            .withCauseInstanceOf(SpoolException.class);
      }
    }
  }

  @Test
  void spoolTakesCommitsAgainOnceWritesSucceedWithoutARestart() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    try (FileSpool spool = FileSpool.open(options(), SpoolObserver.NONE, disk)) {
      MessageId before = store(spool, envelope("a@example.com", "b@example.com"), content(1, 5000));
      disk.failWhen((file, ordinal) -> true);

      SpoolWriter refused = spool.begin(envelope("a@example.com", "b@example.com"));
      refused.write(ByteBuffer.wrap(content(2, 5000)));
      assertThat(refused.commit())
          .failsWithin(ANSWER_WITHIN)
          .withThrowableThat()
          .withCauseInstanceOf(SpoolException.class);
      assertThat(spool.condition()).isEqualTo(SpoolCondition.WRITES_FAILING);

      disk.heal();
      MessageId after = store(spool, envelope("a@example.com", "b@example.com"), content(3, 5000));

      assertThat(spool.condition()).isEqualTo(SpoolCondition.WRITABLE);
      assertThat(SpoolContract.read(spool, after)).isEqualTo(content(3, 5000));
      assertThat(spool.recover()).extracting(SpooledMessage::id).containsExactly(before, after);
    }
    try (FileSpool reopened = FileSpool.open(options(), SpoolObserver.NONE)) {
      assertThat(reopened.recover()).hasSize(2);
    }
  }

  @Test
  void messageWhoseContentWasLostFailsAtCommitEvenWhenTheDiskHealedMeanwhile() {
    FaultyDisk disk = new FaultyDisk();
    try (FileSpool spool = FileSpool.open(options(), SpoolObserver.NONE, disk)) {
      disk.failWhen((file, ordinal) -> true);
      SpoolWriter writer = spool.begin(envelope("a@example.com", "b@example.com"));
      writeInPieces(writer, content(4, 200_000), 8192);
      Awaitility.await("the write failed")
          .atMost(ANSWER_WITHIN)
          .until(() -> spool.condition() == SpoolCondition.WRITES_FAILING);

      disk.heal();

      assertThat(writer.commit())
          .failsWithin(ANSWER_WITHIN)
          .withThrowableThat()
          .withCauseInstanceOf(SpoolException.class);
      assertThat(spool.recover()).isEmpty();
    }
  }

  @Test
  void completionThatFailedIsWrittenOnceTheDiskHealsSoTheMessageStaysDone() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    MessageId id;
    try (FileSpool spool = FileSpool.open(options(), SpoolObserver.NONE, disk)) {
      id = store(spool, envelope("a@example.com", "b@example.com"), content(5, 5000));
      disk.failWhen((file, ordinal) -> file.getFileName().toString().endsWith(".done"));

      CompletableFuture<Void> completion = spool.complete(id);
      Awaitility.await("the completion write failed")
          .atMost(ANSWER_WITHIN)
          .until(() -> spool.condition() == SpoolCondition.WRITES_FAILING);
      assertThat(completion).isNotDone();

      disk.heal();

      durable(completion);
      assertThat(spool.condition()).isEqualTo(SpoolCondition.WRITABLE);
    }
    try (FileSpool reopened = FileSpool.open(options(), SpoolObserver.NONE)) {
      assertThat(reopened.recover()).extracting(SpooledMessage::id).doesNotContain(id);
    }
  }

  @Test
  void commitWhoseFsyncFailedIsRefusedAndTheNextOneIsStoredInAFreshSegment() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    try (FileSpool spool = FileSpool.open(options(), SpoolObserver.NONE, disk)) {
      disk.failForces();
      SpoolWriter refused = spool.begin(envelope("a@example.com", "b@example.com"));
      refused.write(ByteBuffer.wrap(content(6, 5000)));
      assertThat(refused.commit())
          .failsWithin(ANSWER_WITHIN)
          .withThrowableThat()
          .withCauseInstanceOf(SpoolException.class);

      disk.heal();
      MessageId stored = store(spool, envelope("a@example.com", "b@example.com"), content(7, 5000));

      assertThat(spool.recover()).extracting(SpooledMessage::id).containsExactly(stored);
      assertThat(spool.condition()).isEqualTo(SpoolCondition.WRITABLE);
    }
    try (FileSpool reopened = FileSpool.open(options(), SpoolObserver.NONE)) {
      assertThat(reopened.recover()).extracting(SpooledMessage::id).hasSize(1);
    }
  }

  @Test
  void spoolWhoseWritesFailLongerThanTheBoundWhileItHasRoomReportsNoProgress() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    FileSpoolOptions options = options().withFailureLimits(0, Duration.ofMillis(200));
    try (FileSpool spool = FileSpool.open(options, SpoolObserver.NONE, disk)) {
      disk.failWhen((file, ordinal) -> true);
      SpoolWriter refused = spool.begin(envelope("a@example.com", "b@example.com"));
      refused.write(ByteBuffer.wrap(content(8, 5000)));
      assertThat(refused.commit()).failsWithin(ANSWER_WITHIN);

      Awaitility.await("past the bound").atMost(ANSWER_WITHIN).until(() -> !spool.makesProgress());

      disk.heal();
      Awaitility.await("the probe write succeeded")
          .atMost(ANSWER_WITHIN)
          .until(() -> spool.makesProgress() && spool.condition() == SpoolCondition.WRITABLE);
    }
  }

  private FileSpoolOptions options() {
    return FileSpoolOptions.of(dir, Durability.FSYNC).withSegments(1 << 20, Duration.ofMillis(20));
  }
}
