package io.mailfleet.mta.queue;

import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import io.mailfleet.mta.spool.SpooledMessage;
import io.netty.util.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the queue's moving state and of its lock: jobs held back while delivery is held,
 * placed jobs waiting at their sites, and the connection slots open and running. Placement ({@link
 * Placements}), the workers ({@link Courier}, through their {@link ConnectionSlot}) and the admin
 * views ({@link SiteConsole}) ask it. It opens connections within the limits: at most {@code
 * maxConnections} over all sites, and per site its connection limit, its rate limits (a timer wakes
 * the site when the next token is due) and its suspension ({@link SiteSuspensions}). Nothing that
 * blocks runs under its lock: DNS answers arrive on the placer, deliveries and bounces run on the
 * workers.
 */
final class Switchboard {

  private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);

  /** How long an idle site (no jobs, no connection, not suspended) stays listed. */
  private static final Duration IDLE_SITE_KEPT = Duration.ofHours(1);

  /** How long a site of a capped pool waits before asking for a lease again, at most. */
  private static final Duration CAPPED_RECHECK = Duration.ofMinutes(1);

  private final EgressPools egress;
  private final Outstanding outstanding;
  private final Placements placements;
  private final Courier courier;
  private final Executor workers;
  private final Timer timer;
  private final int maxConnections;
  private final Duration maxAge;
  private final Clock clock;
  private final SiteSuspensions suspensions;

  private final Map<SiteKey, SiteQueue> sites = new LinkedHashMap<>();
  private final Set<SiteQueue> waitingForWorker = new LinkedHashSet<>();
  private final Map<String, Integer> openByPool = new HashMap<>();
  private final List<DeliveryJob> heldJobs = new ArrayList<>();
  private int open;
  private int running;
  private int settling;
  private boolean held;
  private Instant lastSweep;

  /**
   * Where the board runs things, and its bounds.
   *
   * @param workers runs connections and the settlement of expired jobs (they may block)
   * @param placer applies placements (they may write bounces: never on the DNS event loop)
   * @param timer wakes sites and places retries
   * @param maxConnections connections open at once over all sites
   * @param maxAge how long a job may wait at its site without an attempt
   */
  record Resources(
      Executor workers, Executor placer, Timer timer, int maxConnections, Duration maxAge) {}

  /**
   * A board placing jobs with {@code locator}, carrying them with {@code transport} from sources
   * leased from {@code egress}, and applying outcomes with {@code settlement}.
   */
  Switchboard(
      SiteLocator locator,
      SiteTransport transport,
      EgressPools egress,
      DeliveryListener listener,
      Settlement settlement,
      Outstanding outstanding,
      Resources resources,
      Clock clock) {
    this.egress = egress;
    this.outstanding = outstanding;
    // Its two sides ask the board, and are the board's own: built here, never shared.
    this.placements =
        new Placements(
            this, locator, settlement, outstanding, egress, resources.placer(), resources.timer());
    this.courier = new Courier(transport, egress, placements);
    this.workers = resources.workers();
    this.timer = resources.timer();
    this.maxConnections = resources.maxConnections();
    this.maxAge = resources.maxAge();
    this.clock = clock;
    this.suspensions = new SiteSuspensions(sites.values(), listener, clock, this::wake);
    this.lastSweep = clock.instant();
  }

  /** Queues a committed message for immediate delivery, one job per recipient domain. */
  void enqueue(SpooledMessage message) {
    placements.enqueue(message);
  }

  /** Keeps {@code job} aside, unrouted, when delivery is held; true when it did. */
  synchronized boolean heldBack(DeliveryJob job) {
    if (held) {
      heldJobs.add(job);
    }
    return held;
  }

  // --- Sites: ready jobs, and connections opened within the limits ---

  /** Queues a placed job at its site and opens a connection if the site's limits allow. */
  synchronized void ready(SiteKey key, Placement.AtSite at, DeliveryJob job) {
    Instant now = clock.instant();
    sweep(now);
    SiteQueue site = sites.computeIfAbsent(key, k -> new SiteQueue(k, at.policy(), now));
    site.offer(job, at.hosts(), at.hops(), now);
    pump(site, now);
  }

  /** Opens as many connections to {@code site} as its jobs want and its limits allow. */
  private void pump(SiteQueue site, Instant now) {
    suspensions.endIfRunOut(site, now);
    while (!held && site.wantsConnection(now)) {
      if (site.suspension().isSuspended(now)) {
        wake(site, site.suspension().until(), now);
        return;
      }
      if (site.atConnectionLimit()) {
        return; // the end of one of its connections pumps it again
      }
      if (site.egressCapped(now)) {
        wake(site, site.egressCappedUntil(), now);
        return;
      }
      if (open >= maxConnections) {
        waitingForWorker.add(site);
        return;
      }
      Instant due = site.throttle().nextConnectionAt(now);
      if (due.isAfter(now)) {
        wake(site, due, now);
        return;
      }
      site.throttle().connect(now);
      site.connectionStarting(now);
      open++;
      openByPool.merge(site.key().pool(), 1, Integer::sum);
      ConnectionSlot slot = new ConnectionSlot(this, site);
      run(() -> courier.carry(slot), site.key());
    }
  }

  private void wake(SiteQueue site, Instant at, Instant now) {
    if (!site.wakeAt(at)) {
      return;
    }
    long delay = Math.max(1, Duration.between(now, at).toMillis() + 1);
    try {
      timer.newTimeout(t -> woken(site), delay, TimeUnit.MILLISECONDS);
    } catch (IllegalStateException stopped) {
      LOG.debug("queue closed; site {} stays queued until restart", site.key());
    }
  }

  private synchronized void woken(SiteQueue site) {
    site.woken();
    pump(site, clock.instant());
  }

  // --- Connection slots: what their workers ask ---

  /**
   * How many messages a starting connection asks a lease for: no more than the site has ready, its
   * rate limits allow and one connection carries; 0 when it must not go.
   */
  synchronized int wanted(ConnectionSlot slot) {
    SiteQueue site = slot.site();
    Instant now = clock.instant();
    int wanted =
        Math.min(
            Math.min(site.limits().deliveriesPerConnection(), site.readyJobs()),
            site.throttle().messagesAllowed(now));
    return held || site.suspension().isSuspended(now) || wanted < 1 ? 0 : wanted;
  }

  /**
   * Every source of the site's pool reached today's cap ({@code WAIT}): its jobs stay ready without
   * counting as failed attempts, and it asks again at most a minute later (connections give back
   * what they did not use), or when the caps reset.
   */
  synchronized void capped(ConnectionSlot slot) {
    SiteQueue site = slot.site();
    Instant recheck = clock.instant().plus(CAPPED_RECHECK);
    Instant resetAt = egress.capsResetAt();
    Instant until = resetAt.isBefore(recheck) ? resetAt : recheck;
    LOG.debug(
        "egress pool {} capped: site {} waits until {}", site.key().pool(), site.key(), until);
    site.egressCappedUntil(until);
  }

  /** Takes the slot's batch, up to {@code allowed}; empty when none is left or it must not go. */
  synchronized ReadyJobs.Batch take(ConnectionSlot slot, int allowed) {
    if (slot.stage != ConnectionSlot.Stage.STARTING) {
      throw new IllegalStateException("a connection takes one batch, at its start");
    }
    SiteQueue site = slot.site();
    Instant now = clock.instant();
    site.connectionStarted();
    slot.stage = ConnectionSlot.Stage.IDLE;
    if (held || site.suspension().isSuspended(now)) {
      return ReadyJobs.Batch.NONE;
    }
    ReadyJobs.Batch taken = site.take(Math.min(allowed, site.throttle().messagesAllowed(now)));
    ReadyJobs.Batch batch =
        new ReadyJobs.Batch(taken.hops(), outstanding.stillPending(taken.jobs()));
    if (batch.isEmpty()) {
      return ReadyJobs.Batch.NONE;
    }
    site.throttle().send(batch.jobs().size(), now);
    slot.stage = ConnectionSlot.Stage.RUNNING;
    running++;
    return batch;
  }

  /** Feeds one job's outcomes to the site's suspension rule. */
  synchronized void observe(SiteQueue site, Map<String, DeliveryResult> outcomes) {
    suspensions.observe(site, outcomes);
  }

  /**
   * The one place a connection slot is given back, once: the site and the queue count one
   * connection less, a hold learns its delivery ended, and the site and whoever waited for a worker
   * are pumped.
   */
  synchronized void free(ConnectionSlot slot) {
    switch (slot.stage) {
      case FREED -> {
        return;
      }
      case STARTING -> slot.site().connectionStarted();
      case RUNNING -> {
        running--;
        notifyAll();
      }
      case IDLE -> {}
    }
    slot.stage = ConnectionSlot.Stage.FREED;
    SiteQueue site = slot.site();
    Instant now = clock.instant();
    site.connectionEnded(now);
    open--;
    openByPool.merge(site.key().pool(), -1, Integer::sum);
    pump(site, now);
    List<SiteQueue> waiting = new ArrayList<>(waitingForWorker);
    waitingForWorker.clear();
    waiting.forEach(w -> pump(w, now));
  }

  // --- Hold and release (transfer to a peer, pause, shutdown) ---

  /**
   * Stops opening connections, placing jobs and settling jobs without a connection, and waits up to
   * {@code timeout} for the deliveries and settlements under way; returns whether they ended. Once
   * it returns true nothing settles a queued recipient until {@link #release}: a transfer owns
   * them.
   */
  synchronized boolean hold(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    held = true;
    while (running > 0 || settling > 0) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /**
   * Lets {@code job} be settled without a connection (routing said no or failed, or it waited past
   * the max age), counted until {@link #settlingEnded} so that a hold waits for it; false when
   * delivery is held, and the job is then kept back unsettled and placed again on release. Without
   * this a transfer could hand a recipient to a peer while it is bounced or expired here.
   */
  synchronized boolean settling(DeliveryJob job) {
    if (held) {
      heldJobs.add(job);
      return false;
    }
    settling++;
    return true;
  }

  /** A settlement {@link #settling} let start has ended. */
  synchronized void settlingEnded() {
    settling--;
    notifyAll();
  }

  /** Opens connections again after {@link #hold}, and places the jobs held back meanwhile. */
  void release() {
    List<DeliveryJob> replace;
    synchronized (this) {
      held = false;
      replace = List.copyOf(heldJobs);
      heldJobs.clear();
      Instant now = clock.instant();
      List.copyOf(sites.values()).forEach(site -> pump(site, now));
    }
    replace.forEach(placements::place);
  }

  // --- Expiry, suspension by hand and the admin views ---

  /**
   * Expires the ready jobs that reached the max age without an attempt: a site suspended, out of
   * tokens or with its pool capped for that long must not keep mail forever. Their last attempt (a
   * transient failure at the max age) runs on a worker, since it writes bounces.
   */
  synchronized void expireWaiting() {
    if (held) {
      return; // a transfer may be handing these messages to a peer
    }
    // The settlement asks settling() again when it runs: a hold may have come in between.
    Instant cutoff = clock.instant().minus(maxAge);
    for (SiteQueue site : sites.values()) {
      List<DeliveryJob> old = site.takeReceivedBefore(cutoff);
      if (!old.isEmpty()) {
        String pool = site.key().pool();
        TransientFailure expired =
            new TransientFailure(DeliveryReplies.stillWaitingAtMaxAge(site.key().site()));
        run(() -> old.forEach(job -> placements.unplaced(job, pool, expired)), site.key());
      }
    }
  }

  /** Suspends every site named {@code name}; false when none is known. */
  synchronized boolean suspend(String name, Duration duration, String reason) {
    return suspensions.suspend(name, duration, reason);
  }

  /** Lifts the suspension of every site named {@code name}; false when none is known. */
  synchronized boolean resume(String name) {
    return suspensions.resume(name, this::pump);
  }

  /**
   * Reads the sites (and the connections open per pool) under the board's lock, after forgetting
   * those idle for an hour; for the admin views, which must not change them.
   */
  synchronized <T> T read(Function<SiteConsole.Snapshot, T> view) {
    Instant now = clock.instant();
    sweep(now);
    return view.apply(
        new SiteConsole.Snapshot(List.copyOf(sites.values()), Map.copyOf(openByPool), now));
  }

  /** Forgets sites idle for an hour, at most once a minute. */
  private void sweep(Instant now) {
    if (Duration.between(lastSweep, now).compareTo(Duration.ofMinutes(1)) < 0) {
      return;
    }
    lastSweep = now;
    Instant cutoff = now.minus(IDLE_SITE_KEPT);
    sites.values().removeIf(site -> site.idleSince(cutoff));
  }

  /** Runs {@code task} on a worker, unless the queue is closed. */
  private void run(Runnable task, Object what) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException stopped) {
      LOG.debug("queue closed; {} stays queued until restart", what);
    }
  }
}
