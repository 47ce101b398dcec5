package io.mailfleet.mta.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.EgressConfig;
import io.mailfleet.mta.config.EgressPoolConfig;
import io.mailfleet.mta.config.EgressSourceConfig;
import io.mailfleet.mta.config.WhenCapped;
import io.mailfleet.mta.egress.DailySends;
import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.SpooledMessage;
import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The switchboard's invariants, with connections run by hand: a job held back is never carried, and
 * a connection slot is given back exactly once whichever way its connection ends.
 */
class SwitchboardTest {

  private static final RetrySchedule SLOW =
      new RetrySchedule(List.of(Duration.ofHours(1)), 0, Duration.ofDays(5));

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
  private final CompletionRecordingSpool spool = new CompletionRecordingSpool();
  private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
  private final List<Runnable> connections = new ArrayList<>();
  private final List<List<DeliveryJob>> carried = new CopyOnWriteArrayList<>();
  private final Outstanding outstanding = new Outstanding(spool);
  private SiteTransport transport =
      (plan, batch, ended) -> {
        carried.add(batch);
        return new BatchResult(
            batch.stream().map(j -> j.outcomeForAll(new Delivered("250 ok"))).toList(),
            "test",
            plan.hops().get(0).toString());
      };
  private final List<String> settledLocally = new CopyOnWriteArrayList<>();
  private final DeliveryListener settlements =
      new DeliveryListener() {
        @Override
        public void bounced(
            DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {
          settledLocally.add("bounced " + recipient);
        }

        @Override
        public void expired(
            DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {
          settledLocally.add("expired " + recipient);
        }
      };
  private NonDeliveryReports reports = NonDeliveryReports.NONE;
  private Switchboard board;
  private SiteConsole console;

  @AfterEach
  void stopTimer() {
    timer.stop();
  }

  private void start(SiteLocator locator, EgressPools egress) {
    Settlement settlement =
        new Settlement(
            SLOW, settlements, (job, failures) -> reports.write(job, failures), outstanding, clock);
    board =
        new Switchboard(
            locator,
            (plan, batch, ended) -> transport.deliver(plan, batch, ended),
            egress,
            new DeliveryListener() {},
            settlement,
            outstanding,
            new Switchboard.Resources(connections::add, Runnable::run, timer, 2, SLOW.maxAge()),
            clock);
    console = new SiteConsole(board);
  }

  private void start() {
    start(TestSites.byDomain(TestSites.limits(1, 10)), EgressPools.single(clock));
  }

  /** Runs the connections opened so far, as workers would. */
  private void runConnections() {
    List<Runnable> now = List.copyOf(connections);
    connections.clear();
    now.forEach(Runnable::run);
  }

  private SpooledMessage message(String id, String recipient) {
    return new SpooledMessage(
        new MessageId(id),
        new Envelope("sender@example.org", List.of(recipient), clock.instant(), "127.0.0.1"),
        100);
  }

  private int openConnections() {
    return console.poolStats(Map.of()).stream().mapToInt(PoolStats::connections).sum();
  }

  private SiteStatus site(String name) {
    return console.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void jobQueuedWhileHeldIsNeverCarriedUntilReleased() throws InterruptedException {
    start();
    assertThat(board.hold(Duration.ZERO)).isTrue();

    board.enqueue(message("m1", "a@one.test"));
    runConnections();

    assertThat(carried).isEmpty();
    assertThat(connections).isEmpty();

    board.release();
    runConnections();

    assertThat(carried).hasSize(1);
    assertThat(spool.completed).containsExactly(new MessageId("m1"));
  }

  @Test
  void placementArrivingWhileHeldIsKeptBackAndPlacedAgainOnRelease() throws InterruptedException {
    List<CompletableFuture<Placement>> pending = new CopyOnWriteArrayList<>();
    SiteLocator slow =
        domain -> {
          CompletableFuture<Placement> answer = new CompletableFuture<>();
          pending.add(answer);
          return answer;
        };
    start(slow, EgressPools.single(clock));
    Placement at = TestSites.byDomain(TestSites.limits(1, 10)).locate("one.test").join();

    board.enqueue(message("m1", "a@one.test"));
    board.hold(Duration.ZERO);
    pending.get(0).complete(at);
    runConnections();

    assertThat(carried).isEmpty();

    board.release();
    assertThat(pending).hasSize(2); // routed again: the held answer may be stale
    pending.get(1).complete(at);
    runConnections();

    assertThat(carried).hasSize(1);
  }

  @Test
  void connectionOpenedBeforeAHoldCarriesNothingAndGivesItsSlotBack() throws InterruptedException {
    start();
    board.enqueue(message("m1", "a@one.test"));
    assertThat(openConnections()).isEqualTo(1);

    board.hold(Duration.ZERO);
    runConnections();

    assertThat(carried).isEmpty();
    assertThat(openConnections()).isZero();
    assertThat(site("one.test").connectionsOpen()).isZero();
    assertThat(site("one.test").readyJobs()).isEqualTo(1);
  }

  @Test
  void connectionWhoseJobsWereHandedOverMeanwhileGivesItsSlotBackOnce() {
    start();
    board.enqueue(message("m1", "a@one.test"));
    outstanding.finish(new MessageId("m1"), List.of("a@one.test"));

    runConnections();

    assertThat(carried).isEmpty();
    assertThat(openConnections()).isZero();
    assertSlotReusable();
  }

  @Test
  void connectionThatDeliveredGivesItsSlotBackOnce() {
    start();
    board.enqueue(message("m1", "a@one.test"));

    runConnections();

    assertThat(carried).hasSize(1);
    assertThat(openConnections()).isZero();
    assertSlotReusable();
  }

  @Test
  void connectionWhoseTransportThrewGivesItsSlotBackOnce() {
    start();
    transport =
        (plan, batch, ended) -> {
          carried.add(batch);
          throw new IllegalStateException("bug in the transport");
        };
    board.enqueue(message("m1", "a@one.test"));

    runConnections();

    assertThat(carried).hasSize(1);
    assertThat(openConnections()).isZero();
    assertThat(site("one.test").connectionsOpen()).isZero();
    assertThat(spool.completed).isEmpty(); // retried later, not lost
  }

  @Test
  void connectionOfACappedPoolGivesItsSlotBackOnce() {
    EgressPools capped =
        new EgressPools(
            new EgressConfig(
                List.of(
                    new EgressPoolConfig(
                        "cold",
                        List.of(),
                        WhenCapped.WAIT,
                        null,
                        List.of(new EgressSourceConfig("cold-ip", null, null, null, 1, 0L))))),
            "mta.example",
            new DailySends(clock, null),
            new Random(1));
    start(TestSites.byDomain(TestSites.limits(1, 10)), capped);
    board.enqueue(message("m1", "a@one.test"));

    runConnections();

    assertThat(carried).isEmpty();
    assertThat(openConnections()).isZero();
    assertThat(site("one.test").connectionsOpen()).isZero();
    assertThat(site("one.test").waitingForEgressUntil()).isNotNull();
  }

  @Test
  void slotFreedTwiceCountsOnce() {
    start();
    board.enqueue(message("m1", "a@one.test"));
    Runnable connection = connections.get(0);

    runConnections();
    connection.run(); // the same connection ending again frees nothing more

    assertThat(carried).hasSize(1);
    assertThat(openConnections()).isZero();
    assertThat(site("one.test").connectionsOpen()).isZero();
    assertSlotReusable();
  }

  @Test
  void expiryDueBeforeATransferHoldsTheQueueLeavesTheJobToTheTransfer()
      throws InterruptedException {
    start();
    board.enqueue(message("m1", "a@one.test"));
    clock.advance(SLOW.maxAge().plusMinutes(1));
    board.expireWaiting(); // the expiry's settlement is queued for a worker, not yet run
    List<Runnable> expiry = List.copyOf(connections.subList(1, connections.size()));
    assertThat(expiry).hasSize(1);

    assertThat(board.hold(Duration.ZERO)).isTrue(); // a transfer takes the queue
    expiry.forEach(Runnable::run); // the worker gets to the expiry now

    assertThat(settledLocally).as("settled while the transfer owns the queue").isEmpty();
    assertThat(outstanding.queued()).extracting(q -> q.message().id().value()).contains("m1");
    board.release();
    assertThat(site("one.test").readyJobs()).as("placed again, for delivery here").isEqualTo(1);
  }

  @Test
  void holdWaitsForABounceBeingWrittenForAnUnroutableJob() {
    List<Boolean> holdGranted = new ArrayList<>();
    reports =
        (job, failures) -> {
          // A transfer asks for the queue while this bounce is being written.
          try {
            holdGranted.add(board.hold(Duration.ZERO));
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          return java.util.Optional.empty();
        };
    start(
        domain ->
            CompletableFuture.completedFuture(
                new Placement.NoService("556 5.1.10 " + domain + " accepts no mail")),
        EgressPools.single(clock));

    board.enqueue(message("m1", "a@nomail.test"));

    assertThat(holdGranted).as("hold granted mid-settlement").containsExactly(false);
    assertThat(settledLocally).containsExactly("bounced a@nomail.test");
    assertThat(spool.completed).containsExactly(new MessageId("m1"));
  }

  /**
   * The site's one connection slot (its limit) is free, once: two new jobs open exactly one
   * connection, which carries both.
   */
  private void assertSlotReusable() {
    carried.clear();
    board.enqueue(message("m2", "b@one.test"));
    board.enqueue(message("m3", "c@one.test"));

    assertThat(openConnections()).isEqualTo(1);
    assertThat(connections).hasSize(1);
    runConnections();
    assertThat(carried).hasSize(1);
    assertThat(carried.get(0)).hasSize(2);
    assertThat(openConnections()).isZero();
  }
}
