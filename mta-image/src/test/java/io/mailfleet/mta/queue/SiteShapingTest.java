package io.mailfleet.mta.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.config.SiteLimits;
import io.mailfleet.mta.config.SuspensionRule;
import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.SpooledMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue keeps each (pool, site) within its limits: connections, rates, suspension. */
class SiteShapingTest {

  private static final RetrySchedule FAST =
      new RetrySchedule(
          List.of(Duration.ofMillis(50), Duration.ofMillis(100)), 0, Duration.ofHours(1));
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final CompletionRecordingSpool spool = new CompletionRecordingSpool();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<List<DeliveryJob>> batches = new CopyOnWriteArrayList<>();
  private final DeliveryListener listener =
      new DeliveryListener() {
        @Override
        public void delivered(
            DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String r) {
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
            DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String r) {
          events.add("bounced " + recipient);
        }

        @Override
        public void expired(
            DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String r) {
          events.add("expired " + recipient + " " + r);
        }

        @Override
        public void siteSuspended(SiteKey site, String label, Instant until, String reason) {
          events.add("suspended " + site.site());
        }

        @Override
        public void siteResumed(SiteKey site, String label, String how) {
          events.add("resumed " + site.site());
        }
      };
  private DeliveryQueue queue;

  @AfterEach
  void close() {
    queue.close();
  }

  private static SiteLimits limits(
      int maxConnections, int perConnection, Integer perHour, Integer perMinute) {
    return new SiteLimits(
        maxConnections, perConnection, perHour, perMinute, null, TlsPolicy.OPPORTUNISTIC);
  }

  private void start(SiteLocator locator, SiteTransport transport, int maxConnections) {
    queue =
        new DeliveryQueue(
            spool,
            locator,
            transport,
            FAST,
            listener,
            NonDeliveryReports.NONE,
            maxConnections,
            Clock.systemUTC());
  }

  /** Every domain in the site {@code site} with {@code policy}. */
  private static SiteLocator oneSite(String site, SitePolicy policy) {
    return domain ->
        CompletableFuture.completedFuture(new Placement.AtSite(site, policy, site, TestSites.HOPS));
  }

  /** Records each batch and answers every recipient with {@code outcome}. */
  private SiteTransport answering(Function<String, DeliveryResult> outcome) {
    return (plan, batch, ended) -> {
      batches.add(batch);
      return new BatchResult(
          batch.stream()
              .map(
                  job -> {
                    Map<String, DeliveryResult> each = new LinkedHashMap<>();
                    job.recipients().forEach(r -> each.put(r, outcome.apply(r)));
                    return each;
                  })
              .toList(),
          "test",
          "127.0.0.1:25");
    };
  }

  private static SpooledMessage message(String id, String... recipients) {
    return new SpooledMessage(
        new MessageId(id),
        new Envelope("sender@main.example", List.of(recipients), Instant.now(), "127.0.0.1"),
        100);
  }

  private SiteStatus site(String name) {
    return queue.sites().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void connectionsToOneSiteNeverExceedItsMaxConnections() {
    AtomicInteger open = new AtomicInteger();
    AtomicInteger mostOpen = new AtomicInteger();
    CountDownLatch allQueued = new CountDownLatch(1);
    SiteTransport delivering = answering(r -> new Delivered("250"));
    start(
        oneSite("busy", new SitePolicy("other", limits(2, 1, null, null), null)),
        (plan, batch, ended) -> {
          mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
          try {
            allQueued.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            return delivering.deliver(plan, batch, ended);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          } finally {
            open.decrementAndGet();
          }
        },
        8);

    for (int i = 0; i < 10; i++) {
      queue.enqueue(message("m" + i, "r" + i + "@busy.test"));
    }
    await().atMost(PATIENCE).until(() -> site("busy").readyJobs() == 8);
    assertThat(site("busy").connectionsOpen()).isEqualTo(2);
    allQueued.countDown();

    await().atMost(PATIENCE).until(() -> spool.completed.size() == 10);
    assertThat(mostOpen).hasValue(2);
    assertThat(batches).allSatisfy(b -> assertThat(b).hasSize(1));
  }

  @Test
  void jobsOfDifferentDomainsInOneSiteTravelOverOneConnection() {
    CountDownLatch firstBatch = new CountDownLatch(1);
    SiteTransport delivering = answering(r -> new Delivered("250"));
    start(
        oneSite("shared-mx", new SitePolicy("other", limits(1, 10, null, null), null)),
        (plan, batch, ended) -> {
          if (batches.isEmpty()) {
            try {
              firstBatch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return delivering.deliver(plan, batch, ended);
        },
        4);

    queue.enqueue(message("first", "a@one.test"));
    await().atMost(PATIENCE).until(() -> site("shared-mx").connectionsOpen() == 1);
    queue.enqueue(message("second", "b@one.test", "c@two.test"));
    await().atMost(PATIENCE).until(() -> site("shared-mx").readyJobs() == 2);
    firstBatch.countDown();

    await().atMost(PATIENCE).until(() -> spool.completed.size() == 2);
    assertThat(batches).hasSize(2);
    assertThat(batches.get(1))
        .extracting(DeliveryJob::domain)
        .containsExactly("one.test", "two.test");
    assertThat(site("shared-mx").domains()).containsExactly("one.test", "two.test");
  }

  @Test
  void siteOutOfTokensKeepsItsJobsQueuedWithoutCountingFailures() {
    start(
        oneSite("slow", new SitePolicy("other", limits(5, 100, null, 2), null)),
        answering(r -> new Delivered("250")),
        4);

    for (int i = 0; i < 5; i++) {
      queue.enqueue(message("m" + i, "r" + i + "@slow.test"));
    }

    await().atMost(PATIENCE).until(() -> events.size() == 2 && site("slow").readyJobs() == 3);
    SiteStatus slow = site("slow");
    assertThat(slow.waitingForTokensUntil()).isNotNull();
    assertThat(Instant.parse(slow.waitingForTokensUntil())).isAfter(Instant.now());
    assertThat(slow.connectionsOpen()).isZero();
    assertThat(events).allMatch(e -> e.startsWith("delivered"));
    assertThat(queue.messages()).isEqualTo(3);
  }

  @Test
  void connectionOfANamedSiteCarriesOnlyJobsForTheSameHosts() {
    CountDownLatch queued = new CountDownLatch(1);
    SiteTransport delivering = answering(r -> new Delivered("250"));
    SitePolicy policy = new SitePolicy("hosted", limits(1, 100, null, null), null);
    start(
        domain ->
            CompletableFuture.completedFuture(
                new Placement.AtSite("hosted", policy, "mx." + domain, TestSites.HOPS)),
        (plan, batch, ended) -> {
          try {
            queued.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return delivering.deliver(plan, batch, ended);
        },
        4);

    for (int i = 0; i < 6; i++) {
      queue.enqueue(message("m" + i, "r" + i + "@" + (i % 2 == 0 ? "a.test" : "b.test")));
    }
    queued.countDown();

    await().atMost(PATIENCE).until(() -> events.size() == 6);
    assertThat(batches)
        .allSatisfy(
            batch -> assertThat(batch.stream().map(DeliveryJob::domain).distinct()).hasSize(1));
    assertThat(batches.stream().flatMap(List::stream).map(DeliveryJob::domain))
        .containsOnly("a.test", "b.test")
        .hasSize(6);
  }

  @Test
  void jobWaitingForTokensPastItsMaxAgeExpiresWithoutAnAttempt() {
    start(
        oneSite("slow", new SitePolicy("other", limits(5, 100, null, 1), null)),
        answering(r -> new Delivered("250")),
        4);
    queue.enqueue(message("fresh", "a@slow.test"));
    await().atMost(PATIENCE).until(() -> events.equals(List.of("delivered a@slow.test")));
    SpooledMessage old =
        new SpooledMessage(
            new MessageId("old"),
            new Envelope(
                "sender@main.example",
                List.of("b@slow.test"),
                Instant.now().minus(Duration.ofHours(2)),
                "127.0.0.1"),
            100);
    queue.enqueue(old);
    await().atMost(PATIENCE).until(() -> site("slow").readyJobs() == 1);

    queue.expireWaiting();

    await().atMost(PATIENCE).until(() -> spool.completed.contains(new MessageId("old")));
    assertThat(events)
        .containsExactly(
            "delivered a@slow.test",
            "expired b@slow.test 451 4.4.7 still waiting at its max age (site slow suspended,"
                + " rate-limited or its egress capped)");
    assertThat(batches).hasSize(1);
  }

  @Test
  void siteIsWokenWhenItsNextTokenIsDue() {
    start(
        oneSite("paced", new SitePolicy("other", limits(5, 100, null, 120), null)),
        answering(r -> new Delivered("250")),
        4);

    for (int i = 0; i < 122; i++) {
      queue.enqueue(message("m" + i, "r" + i + "@paced.test"));
    }

    await().atMost(PATIENCE).until(() -> spool.completed.size() == 122);
    assertThat(events).hasSize(122).allMatch(e -> e.startsWith("delivered"));
  }

  @Test
  void repeatedDeferralsSuspendTheSiteUntilItsTimeRunsOut() {
    SuspensionRule rule =
        new SuspensionRule(2, Duration.ofMinutes(1), "^421", Duration.ofMillis(500));
    AtomicInteger attempts = new AtomicInteger();
    SiteTransport recording =
        answering(
            r ->
                attempts.incrementAndGet() <= 2
                    ? new TransientFailure("421 4.7.0 slow down")
                    : new Delivered("250"));
    start(
        oneSite("touchy", new SitePolicy("touchy", limits(1, 1, null, null), rule)),
        (plan, batch, ended) -> {
          events.add("attempt");
          return recording.deliver(plan, batch, ended);
        },
        2);

    queue.enqueue(message("m1", "a@touchy.test"));
    queue.enqueue(message("m2", "b@touchy.test"));

    await().atMost(PATIENCE).until(() -> spool.completed.size() == 2);
    int suspended = events.indexOf("suspended touchy");
    int resumed = events.indexOf("resumed touchy");
    assertThat(suspended).isNotNegative();
    assertThat(resumed).isGreaterThan(suspended);
    assertThat(events.subList(suspended, resumed)).doesNotContain("attempt");
    assertThat(events.subList(resumed, events.size())).contains("attempt");
  }

  @Test
  void siteSuspendedByHandWaitsUntilResumedByHand() {
    start(
        oneSite("held", new SitePolicy("other", limits(1, 10, null, null), null)),
        answering(r -> new Delivered("250")),
        2);
    queue.enqueue(message("m1", "a@held.test"));
    await().atMost(PATIENCE).until(() -> spool.completed.size() == 1);

    assertThat(queue.suspend("held", Duration.ofHours(1))).isTrue();
    queue.enqueue(message("m2", "b@held.test"));
    await().atMost(PATIENCE).until(() -> site("held").readyJobs() == 1);
    assertThat(site("held").suspendedUntil()).isNotNull();
    assertThat(site("held").suspendReason()).isEqualTo("suspended by hand");
    assertThat(batches).hasSize(1);

    assertThat(queue.resume("held")).isTrue();
    await().atMost(PATIENCE).until(() -> spool.completed.size() == 2);
    assertThat(site("held").suspendedUntil()).isNull();
    assertThat(events)
        .containsSubsequence("suspended held", "resumed held", "delivered b@held.test");
  }

  @Test
  void unknownSiteCannotBeSuspendedOrResumed() {
    start(
        oneSite("known", new SitePolicy("other", limits(1, 10, null, null), null)),
        answering(r -> new Delivered("250")),
        2);

    assertThat(queue.suspend("unknown", null)).isFalse();
    assertThat(queue.resume("unknown")).isFalse();
  }

  @Test
  void domainWithoutServiceBouncesWithoutAConnection() {
    start(
        domain -> CompletableFuture.completedFuture(new Placement.NoService("556 5.1.10 null MX")),
        answering(r -> new Delivered("250")),
        2);

    queue.enqueue(message("m1", "a@nullmx.test"));

    await().atMost(PATIENCE).until(() -> spool.completed.size() == 1);
    assertThat(events).containsExactly("bounced a@nullmx.test");
    assertThat(batches).isEmpty();
  }

  @Test
  void unresolvedDomainIsRetriedOnTheNormalScheduleAndDeliveredOnceItResolves() {
    AtomicInteger lookups = new AtomicInteger();
    SitePolicy policy = new SitePolicy("other", limits(1, 10, null, null), null);
    start(
        domain ->
            CompletableFuture.completedFuture(
                lookups.incrementAndGet() < 3
                    ? new Placement.Unresolved("451 4.4.3 DNS timed out")
                    : new Placement.AtSite("late", policy, "late", TestSites.HOPS)),
        answering(r -> new Delivered("250")),
        2);

    queue.enqueue(message("m1", "a@late.test"));

    await().atMost(PATIENCE).until(() -> spool.completed.size() == 1);
    assertThat(events)
        .containsExactly("deferred a@late.test", "deferred a@late.test", "delivered a@late.test");
  }

  @Test
  void poolFiguresCountQueuedMessagesAndTheOldest() {
    CountDownLatch release = new CountDownLatch(1);
    SiteTransport delivering = answering(r -> new Delivered("250"));
    start(
        oneSite("figures", new SitePolicy("other", limits(1, 10, null, null), null)),
        (plan, batch, ended) -> {
          try {
            release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return delivering.deliver(plan, batch, ended);
        },
        2);

    queue.enqueue(message("m1", "a@figures.test"));
    queue.enqueue(message("m2", "b@figures.test"));

    await()
        .atMost(PATIENCE)
        .until(() -> queue.poolStats().stream().anyMatch(p -> p.connections() == 1));
    PoolStats pool = queue.poolStats().get(0);
    assertThat(pool.pool()).isEqualTo("default");
    assertThat(pool.messages()).isEqualTo(2);
    assertThat(pool.oldestReceivedAt()).isPresent();
    release.countDown();
    await().atMost(PATIENCE).until(() -> queue.poolStats().get(0).messages() == 0);
    assertThat(queue.poolStats().get(0).oldestReceivedAt()).isEmpty();
  }
}
