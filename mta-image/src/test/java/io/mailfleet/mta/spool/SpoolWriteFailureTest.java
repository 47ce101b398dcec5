package io.mailfleet.mta.spool;

import static io.mailfleet.mta.spool.SpoolContract.content;
import static io.mailfleet.mta.spool.SpoolContract.envelope;
import static io.mailfleet.mta.spool.SpoolContract.writeInPieces;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link FileSpool} whose writes fail as on a full disk: every caller hears, nothing wedges. */
class SpoolWriteFailureTest {

  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void errorMidBatchAnswersEveryCommitInTheBatchWithAFailure() {
    FaultyDisk disk = new FaultyDisk();
    disk.holdFirstWrite();
    disk.failWhen((file, ordinal) -> ordinal == 2);
    try (FileSpool spool =
        FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), SpoolObserver.NONE, disk)) {
      List<CompletableFuture<MessageId>> commits = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SpoolWriter writer = spool.begin(envelope("a@example.com", "b@example.com"));
        writeInPieces(writer, content(i, 600 * 1024), 8192);
        commits.add(writer.commit());
      }
      disk.releaseFirstWrite();

      for (CompletableFuture<MessageId> commit : commits) {
        assertThat(commit)
            .failsWithin(ANSWER_WITHIN)
            .withThrowableThat()
            .withCauseInstanceOf(SpoolException.class);
      }
    }
  }
}
