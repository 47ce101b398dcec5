package io.mailfleet.mta.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.config.SqsSourceConfig;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consumers together: they empty the queue, rest while the MTA drains, and stop. */
class SqsSourceTest {

  @TempDir Path dir;

  private final InMemorySqsQueue queue = new InMemorySqsQueue();
  private final MtaMetrics metrics = new MtaMetrics();
  private final AcceptGate gate = new AcceptGate();
  private FileSpool spool;
  private SqsSource source;

  @BeforeEach
  void start() {
    spool = FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), metrics);
    SqsSourceConfig config =
        new SqsSourceConfig(
            SqsReceiveLoopTest.QUEUE_URL, null, 3, 10, Duration.ZERO, null, Duration.ofSeconds(5));
    source = SqsSource.start(config, queue, 25L << 20, spool, metrics, gate, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws InterruptedException {
    source.close();
    spool.close();
  }

  @Test
  void consumersSpoolEveryMessageAndEmptyTheQueue() {
    for (int i = 0; i < 95; i++) {
      queue.send(SqsReceiveLoopTest.request("r" + i + "@example.org", "m" + i));
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(queue.deleted()).hasSize(95));
    assertThat(spool.recover()).hasSize(95);
    assertThat(queue.visibleCount() + queue.inFlightCount()).isZero();
  }

  @Test
  void drainingMtaReceivesNothingMore() {
    queue.send(SqsReceiveLoopTest.request("before@example.org", "before"));
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.deleted().size() == 1);

    gate.drain();
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.receives() > 0);
    int receivesWhenDrained = queue.receives();
    await()
        .pollDelay(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(3))
        .until(() -> queue.receives() <= receivesWhenDrained + 3);
    queue.send(SqsReceiveLoopTest.request("after@example.org", "after"));

    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(4))
        .until(() -> queue.visibleCount() == 1);
    assertThat(spool.recover()).hasSize(1);
  }

  @Test
  void stopEndsEveryConsumerAndClosesTheQueue() throws InterruptedException {
    assertThat(source.stop(Duration.ofSeconds(5))).isTrue();
    assertThat(queue.closed()).isTrue();
    int receives = queue.receives();
    queue.send(SqsReceiveLoopTest.request("late@example.org", "late"));

    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> queue.receives() == receives);
  }

  @Test
  void failingReceivesPauseTheConsumersInsteadOfSpinning() {
    queue.failReceives(new SqsCallException("ReceiveMessage: throttled", true, null));
    int before = queue.receives();

    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(4))
        .until(() -> queue.receives() - before <= 3 * 3);
  }
}
