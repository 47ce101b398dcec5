package io.mailfleet.mta.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.PermanentFailure;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.SpoolException;
import io.mailfleet.mta.spool.SpooledMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryQueueTest {

  private static final RetrySchedule FAST =
      new RetrySchedule(
          List.of(Duration.ofMillis(50), Duration.ofMillis(100)), 0, Duration.ofHours(1));

  private final CompletionRecordingSpool spool = new CompletionRecordingSpool();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<List<DeliveryJob>> batches = new CopyOnWriteArrayList<>();
  private DeliveryQueue queue;
  private final List<String> bounces = new CopyOnWriteArrayList<>();
  private final NonDeliveryReports reports =
      (job, failures) -> {
        failures.forEach(
            f ->
                bounces.add(
                    (f.expired() ? "expired " : "failed ") + f.recipient() + " " + f.reply()));
        return java.util.Optional.empty();
      };

  private final DeliveryListener listener =
      new DeliveryListener() {
        @Override
        public void delivered(
            DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {
          events.add("delivered " + recipient);
        }

        @Override
        public void deferred(
            DeliveryJob job,
            Attempt attempt,
            String recipient,
            Duration queueTime,
            String reply,
            Duration retryIn) {
          events.add("deferred " + recipient);
        }

        @Override
        public void bounced(
            DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {
          events.add("bounced " + recipient);
        }

        @Override
        public void expired(
            DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {
          events.add("expired " + recipient);
        }
      };

  @AfterEach
  void close() {
    queue.close();
  }

  /** A queue whose transport answers each recipient with {@code outcome(recipient, attempt)}. */
  private void start(RetrySchedule schedule, BiFunction<String, Integer, DeliveryResult> outcome) {
    start(schedule, outcome, reports);
  }

  private void start(
      RetrySchedule schedule,
      BiFunction<String, Integer, DeliveryResult> outcome,
      NonDeliveryReports reports) {
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    SiteTransport transport =
        TestSites.transport(
            (site, batch) -> {
              batches.add(batch);
              List<Map<String, DeliveryResult>> results = new ArrayList<>();
              for (DeliveryJob job : batch) {
                assertThat(job.recipients()).allMatch(r -> DeliveryJob.domainOf(r).equals(site));
                Map<String, DeliveryResult> each = new LinkedHashMap<>();
                for (String r : job.recipients()) {
                  each.put(r, outcome.apply(r, attempts.merge(r, 1, Integer::sum)));
                }
                results.add(each);
              }
              return results;
            });
    queue = queue(transport, schedule, reports, 2, TestSites.limits(10, 10));
  }

  private DeliveryQueue queue(
      SiteTransport transport,
      RetrySchedule schedule,
      NonDeliveryReports reports,
      int maxConnections,
      io.mailfleet.mta.config.SiteLimits limits) {
    return new DeliveryQueue(
        spool,
        TestSites.byDomain(limits),
        transport,
        schedule,
        listener,
        reports,
        maxConnections,
        Clock.systemUTC());
  }

  private static SpooledMessage message(String id, String... recipients) {
    return new SpooledMessage(
        new MessageId(id),
        new Envelope("sender@main.example", List.of(recipients), Instant.now(), "127.0.0.1"),
        100);
  }

  @Test
  void messageIsCompletedOnceEveryRecipientIsDelivered() {
    start(FAST, (r, attempt) -> new Delivered("250 ok"));

    queue.enqueue(message("m1", "a@one.test", "b@two.test", "c@one.test"));

    await().until(() -> spool.completed.contains(new MessageId("m1")));
    assertThat(events)
        .containsExactlyInAnyOrder(
            "delivered a@one.test", "delivered b@two.test", "delivered c@one.test");
    assertThat(batches).hasSize(2);
    assertThat(queue.messages()).isZero();
  }

  @Test
  void messageTheNextHopTookIsCompletedBeforeItsConnectionEnds() throws InterruptedException {
    CountDownLatch connectionEnds = new CountDownLatch(1);
    SiteTransport transport =
        (plan, batch, ended) -> {
          List<Map<String, DeliveryResult>> results = new ArrayList<>();
          for (DeliveryJob job : batch) {
            Map<String, DeliveryResult> outcomes = job.outcomeForAll(new Delivered("250 ok"));
            results.add(outcomes);
            ended.ended(job, outcomes, "test", "127.0.0.1:25");
          }
          try {
            // The connection goes on (more transactions, QUIT) after the final reply.
            connectionEnds.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new BatchResult(results, "test", "127.0.0.1:25");
        };
    queue = queue(transport, FAST, reports, 1, TestSites.limits(1, 10));

    queue.enqueue(message("m1", "a@one.test"));

    await().until(() -> spool.completed.contains(new MessageId("m1")));
    assertThat(connectionEnds.getCount()).as("the connection is still open").isEqualTo(1);
    connectionEnds.countDown();
    await().until(() -> queue.sites().stream().allMatch(s -> s.connectionsOpen() == 0));
    assertThat(events).as("settled once").containsExactly("delivered a@one.test");
  }

  @Test
  void onlyTheRecipientsThatFailedTemporarilyAreRetried() {
    start(
        FAST,
        (r, attempt) ->
            r.startsWith("slow") && attempt < 3
                ? new TransientFailure("451 later")
                : new Delivered("250 ok"));

    queue.enqueue(message("m2", "fast@one.test", "slow@one.test"));

    await().until(() -> spool.completed.contains(new MessageId("m2")));
    assertThat(events)
        .containsExactly(
            "delivered fast@one.test",
            "deferred slow@one.test",
            "deferred slow@one.test",
            "delivered slow@one.test");
    assertThat(batches.get(1))
        .singleElement()
        .satisfies(j -> assertThat(j.failures()).isEqualTo(1));
  }

  @Test
  void messageIsNotCompletedWhileARecipientWaitsForRetry() {
    start(
        new RetrySchedule(List.of(Duration.ofHours(1)), 0, Duration.ofDays(3)),
        (r, attempt) -> r.startsWith("ok") ? new Delivered("250 ok") : new TransientFailure("451"));

    queue.enqueue(message("m3", "ok@one.test", "later@two.test"));

    await().until(() -> events.size() == 2);
    assertThat(events)
        .containsExactlyInAnyOrder("delivered ok@one.test", "deferred later@two.test");
    assertThat(spool.completed).isEmpty();
    assertThat(queue.messages()).isEqualTo(1);
  }

  @Test
  void permanentFailureBouncesTheRecipientAndCompletesTheMessage() {
    start(FAST, (r, attempt) -> new PermanentFailure("550 no such user"));

    queue.enqueue(message("m4", "gone@one.test"));

    await().until(() -> spool.completed.contains(new MessageId("m4")));
    assertThat(events).containsExactly("bounced gone@one.test");
    assertThat(bounces).containsExactly("failed gone@one.test 550 no such user");
  }

  @Test
  void recipientWhoseBounceCouldNotBeWrittenIsTriedAgainAndBouncesOnceTheSpoolTakesIt() {
    AtomicInteger writes = new AtomicInteger();
    start(
        FAST,
        (r, attempt) -> new PermanentFailure("550 no such user"),
        (job, failures) -> {
          if (writes.getAndIncrement() == 0) {
            throw new SpoolException("spool write failed: No space left on device");
          }
          return reports.write(job, failures);
        });

    queue.enqueue(message("m9", "gone@one.test"));

    await().until(() -> spool.completed.contains(new MessageId("m9")));
    assertThat(writes).hasValue(2);
    assertThat(bounces).containsExactly("failed gone@one.test 550 no such user");
  }

  @Test
  void recipientStillFailingAtTheMaxAgeExpires() {
    start(
        new RetrySchedule(List.of(Duration.ofMillis(20)), 0, Duration.ofMillis(300)),
        (r, attempt) -> new TransientFailure("451 later"));

    queue.enqueue(message("m5", "never@one.test"));

    await().until(() -> spool.completed.contains(new MessageId("m5")));
    assertThat(events).last().isEqualTo("expired never@one.test");
    assertThat(bounces).containsExactly("expired never@one.test 451 later");
    assertThat(events).contains("deferred never@one.test");
  }

  @Test
  void jobsThatQueueUpForABusySiteShareConnectionsUpToTheLimit() {
    CountDownLatch firstConnection = new CountDownLatch(1);
    queue =
        queue(
            TestSites.transport(
                (site, batch) -> {
                  batches.add(batch);
                  if (batches.size() == 1) {
                    try {
                      firstConnection.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  return batch.stream()
                      .map(
                          j ->
                              Map.<String, DeliveryResult>of(
                                  j.recipients().get(0), new Delivered("250")))
                      .toList();
                }),
            FAST,
            NonDeliveryReports.NONE,
            4,
            TestSites.limits(1, 3));

    queue.enqueue(message("first", "a@busy.test"));
    await().until(() -> batches.size() == 1);
    for (int i = 0; i < 5; i++) {
      queue.enqueue(message("next" + i, "b" + i + "@busy.test"));
    }
    firstConnection.countDown();

    await().until(() -> spool.completed.size() == 6);
    assertThat(batches).extracting(List::size).containsExactly(1, 3, 2);
  }

  @Test
  void messageWhoseBounceCannotBeWrittenStaysSpooled() {
    queue =
        queue(
            TestSites.transport(
                (site, batch) ->
                    batch.stream()
                        .map(
                            j ->
                                Map.<String, DeliveryResult>of(
                                    j.recipients().get(0), new PermanentFailure("550")))
                        .toList()),
            FAST,
            (job, failures) -> {
              throw new IllegalStateException("disk full");
            },
            1,
            TestSites.limits(10, 10));

    queue.enqueue(message("m7", "gone@one.test"));

    await().until(() -> events.contains("bounced gone@one.test"));
    assertThat(spool.completed).isEmpty();
    assertThat(queue.messages()).isEqualTo(1);
  }

  @Test
  void transportFailureIsATemporaryFailureNotALostMessage() {
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    queue =
        queue(
            TestSites.transport(
                (site, batch) -> {
                  if (calls.merge(site, 1, Integer::sum) == 1) {
                    throw new IllegalStateException("boom");
                  }
                  return batch.stream()
                      .map(
                          j ->
                              Map.<String, DeliveryResult>of(
                                  j.recipients().get(0), new Delivered("250")))
                      .toList();
                }),
            FAST,
            NonDeliveryReports.NONE,
            1,
            TestSites.limits(10, 10));

    queue.enqueue(message("m6", "x@one.test"));

    await().until(() -> spool.completed.contains(new MessageId("m6")));
    assertThat(events).containsExactly("deferred x@one.test", "delivered x@one.test");
  }
}
