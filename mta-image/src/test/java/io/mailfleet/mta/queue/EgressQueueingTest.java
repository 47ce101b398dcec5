package io.mailfleet.mta.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.config.EgressConfig;
import io.mailfleet.mta.config.EgressPoolConfig;
import io.mailfleet.mta.config.EgressSourceConfig;
import io.mailfleet.mta.config.WhenCapped;
import io.mailfleet.mta.egress.DailySends;
import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.SpooledMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery queue under egress pools: pool per sender, leases sizing batches, capped waits. */
class EgressQueueingTest {

  private static final RetrySchedule FAST =
      new RetrySchedule(
          List.of(Duration.ofMillis(50), Duration.ofMillis(100)), 0, Duration.ofHours(1));

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T23:59:59.500Z"));
  private final CompletionRecordingSpool spool = new CompletionRecordingSpool();
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final List<Integer> failuresSeen = new CopyOnWriteArrayList<>();
  private final List<String> deferred = new CopyOnWriteArrayList<>();
  private EgressPools egress;
  private DeliveryQueue queue;

  @AfterEach
  void close() {
    queue.close();
  }

  private static EgressPoolConfig pool(String name, String senderDomain, Long dailyCap) {
    return new EgressPoolConfig(
        name,
        senderDomain == null ? List.of() : List.of(senderDomain),
        WhenCapped.WAIT,
        null,
        List.of(new EgressSourceConfig(name + "-ip", null, null, null, 1, dailyCap)));
  }

  /** A queue over {@code pools} whose transport answers each recipient with {@code outcome}. */
  private void start(Function<String, DeliveryResult> outcome, EgressPoolConfig... pools) {
    egress =
        new EgressPools(
            new EgressConfig(List.of(pools)),
            "mta.main.example",
            new DailySends(clock, null),
            new Random(1));
    SiteTransport transport =
        (plan, batch, ended) ->
            new BatchResult(
                batch.stream()
                    .map(
                        job -> {
                          failuresSeen.add(job.failures());
                          String recipient = job.recipients().get(0);
                          DeliveryResult result = outcome.apply(recipient);
                          if (result instanceof Delivered) {
                            sent.add(recipient + " from " + plan.source().name());
                          }
                          return Map.of(recipient, result);
                        })
                    .toList(),
                plan.source().ehloName(),
                "127.0.0.1:25");
    DeliveryListener listener =
        new DeliveryListener() {
          @Override
          public void deferred(
              DeliveryJob job,
              Attempt attempt,
              String r,
              Duration queueTime,
              String reply,
              Duration retryIn) {
            deferred.add(r);
          }
        };
    queue =
        new DeliveryQueue(
            spool,
            TestSites.byDomain(TestSites.limits(10, 10)),
            transport,
            FAST,
            listener,
            NonDeliveryReports.NONE,
            2,
            clock,
            egress);
  }

  private SpooledMessage message(String id, String sender, String recipient) {
    return new SpooledMessage(
        new MessageId(id),
        new Envelope(sender, List.of(recipient), clock.instant(), "127.0.0.1"),
        100);
  }

  @Test
  void eachMessageLeavesFromTheSourceOfItsSendersPool() {
    start(
        r -> new Delivered("250"),
        pool("shared", null, null),
        pool("brand", "brand.example", null));

    queue.enqueue(message("m1", "news@brand.example", "a@one.test"));
    queue.enqueue(message("m2", "news@other.example", "b@one.test"));
    queue.enqueue(message("m3", "", "c@one.test"));

    await().until(() -> spool.completed.size() == 3);
    assertThat(sent)
        .containsExactlyInAnyOrder(
            "a@one.test from brand-ip", "b@one.test from shared-ip", "c@one.test from shared-ip");
  }

  @Test
  void cappedPoolsJobsWaitForUtcMidnightWithoutCountingAFailure() {
    start(r -> new Delivered("250"), pool("cold", null, 1L));

    queue.enqueue(message("m1", "news@main.example", "a@one.test"));
    queue.enqueue(message("m2", "news@main.example", "b@one.test"));

    await().until(() -> egress.cappedWaits("cold") >= 1);
    assertThat(sent).hasSize(1);
    assertThat(queue.messages()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));

    await().until(() -> spool.completed.size() == 2);
    assertThat(sent).hasSize(2);
    assertThat(failuresSeen).containsOnly(0);
    assertThat(deferred).isEmpty();
    assertThat(egress.sentToday("cold-ip")).isEqualTo(1);
  }

  @Test
  void connectionReservesOnlyWhatItsSiteHasReadySoOtherSitesKeepTheRestOfTheCap()
      throws InterruptedException {
    CountDownLatch firstConnection = new CountDownLatch(1);
    start(
        r -> {
          if (r.equals("a@one.test")) {
            try {
              firstConnection.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return new Delivered("250");
        },
        pool("cold", null, 2L));

    queue.enqueue(message("m1", "news@main.example", "a@one.test"));
    await().until(() -> egress.sentToday("cold-ip") == 1);
    queue.enqueue(message("m2", "news@main.example", "b@two.test"));

    await().until(() -> sent.contains("b@two.test from cold-ip"));
    firstConnection.countDown();
    await().until(() -> spool.completed.size() == 2);
    assertThat(egress.cappedWaits("cold")).isZero();
  }

  @Test
  void attemptThatDeliversNothingGivesItsReservationBack() {
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    start(
        r ->
            attempts.merge(r, 1, Integer::sum) == 1
                ? new TransientFailure("451 later")
                : new Delivered("250"),
        pool("cold", null, 1L));

    queue.enqueue(message("m1", "news@main.example", "a@one.test"));

    await().until(() -> spool.completed.size() == 1);
    assertThat(sent).containsExactly("a@one.test from cold-ip");
    assertThat(deferred).containsExactly("a@one.test");
    assertThat(egress.sentToday("cold-ip")).isEqualTo(1);
    assertThat(egress.cappedWaits("cold")).isZero();
  }
}
