package io.mailfleet.mta.queue;

import io.mailfleet.mta.egress.EgressLease;
import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens connections to sites within their limits: at most {@code maxConnections} over all sites,
 * and per site its connection limit, its rate limits (a timer wakes the site when the next token is
 * due) and its suspension. Each connection runs on a worker, takes its batch there and settles it.
 * Every method runs under this object's lock except the delivery itself.
 */
final class SiteDispatch {

  private static final Logger LOG = LoggerFactory.getLogger(SiteDispatch.class);

  /** How long an idle site (no jobs, no connection, not suspended) stays listed. */
  private static final Duration IDLE_SITE_KEPT = Duration.ofHours(1);

  /** How long a site of a capped pool waits before asking for a lease again, at most. */
  private static final Duration CAPPED_RECHECK = Duration.ofMinutes(1);

  private final SiteTransport transport;
  private final EgressPools egress;
  private final DeliveryListener listener;
  private final Settlement settlement;
  private final Outstanding outstanding;
  private final ExecutorService workers;
  private final Timer timer;
  private final int maxConnections;
  private final Duration maxAge;
  private final Clock clock;

  private final Map<SiteKey, SiteQueue> sites = new LinkedHashMap<>();
  private final Set<SiteQueue> waitingForWorker = new LinkedHashSet<>();
  private final Map<String, Integer> openByPool = new HashMap<>();
  private int open;
  private int inFlight;
  private boolean held;
  private Instant lastSweep;

  SiteDispatch(
      SiteTransport transport,
      EgressPools egress,
      DeliveryListener listener,
      Settlement settlement,
      Outstanding outstanding,
      ExecutorService workers,
      Timer timer,
      int maxConnections,
      Duration maxAge,
      Clock clock) {
    this.transport = transport;
    this.egress = egress;
    this.listener = listener;
    this.settlement = settlement;
    this.outstanding = outstanding;
    this.workers = workers;
    this.timer = timer;
    this.maxConnections = maxConnections;
    this.maxAge = maxAge;
    this.clock = clock;
    this.lastSweep = clock.instant();
  }

  /** Queues a placed job at its site and opens a connection if the site's limits allow. */
  synchronized void ready(SiteKey key, SitePolicy policy, String hosts, DeliveryJob job) {
    Instant now = clock.instant();
    sweep(now);
    SiteQueue site = sites.computeIfAbsent(key, k -> new SiteQueue(k, policy, now));
    site.offer(job, hosts, now);
    pump(site, now);
  }

  /** Opens as many connections to {@code site} as its jobs want and its limits allow. */
  private void pump(SiteQueue site, Instant now) {
    if (site.suspension().hasRunOut(now)) {
      resumed(site, "suspension ran out");
    }
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
      DeliveryQueue.run(workers, () -> connect(site), site.key());
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

  /**
   * One connection, on a worker: leases an egress source for up to the batch it may carry, takes
   * that batch, delivers it, gives back what it did not use, and settles it.
   */
  private void connect(SiteQueue site) {
    int wanted = wanted(site);
    if (wanted == 0) {
      return;
    }
    Optional<EgressLease> lease = egress.lease(site.key().pool(), wanted);
    if (lease.isEmpty()) {
      capped(site);
      return;
    }
    List<DeliveryJob> batch = take(site, lease.get().allowed());
    if (batch.isEmpty()) {
      egress.giveBack(lease.get(), lease.get().allowed());
      return;
    }
    ConnectionPlan plan =
        new ConnectionPlan(site.key(), batch.get(0).domain(), site.limits(), lease.get().source());
    int reached = 0;
    try {
      reached = deliver(site, plan, batch);
    } finally {
      egress.giveBack(lease.get(), lease.get().allowed() - reached);
      synchronized (this) {
        inFlight--;
        notifyAll();
        ended(site, clock.instant());
      }
    }
  }

  /**
   * How many messages a starting connection asks a lease for: no more than the site has ready, its
   * rate limits allow and one connection carries; 0 (and the slot is freed) when it must not go.
   */
  private synchronized int wanted(SiteQueue site) {
    Instant now = clock.instant();
    int wanted =
        Math.min(
            Math.min(site.limits().deliveriesPerConnection(), site.readyJobs()),
            site.throttle().messagesAllowed(now));
    if (held || site.suspension().isSuspended(now) || wanted < 1) {
      site.connectionStarted();
      ended(site, now);
      return 0;
    }
    return wanted;
  }

  /** Takes the connection's batch, up to {@code allowed}; empty (slot freed) when none is left. */
  private synchronized List<DeliveryJob> take(SiteQueue site, int allowed) {
    Instant now = clock.instant();
    site.connectionStarted();
    List<DeliveryJob> batch =
        held || site.suspension().isSuspended(now)
            ? List.of()
            : outstanding.stillPending(
                site.take(Math.min(allowed, site.throttle().messagesAllowed(now))));
    if (batch.isEmpty()) {
      ended(site, now);
      return batch;
    }
    site.throttle().send(batch.size(), now);
    inFlight++;
    return batch;
  }

  /**
   * Every source of the site's pool reached today's cap ({@code WAIT}): its jobs stay ready without
   * counting as failed attempts, and it asks again at most a minute later (connections give back
   * what they did not use), or when the caps reset.
   */
  private synchronized void capped(SiteQueue site) {
    Instant now = clock.instant();
    Instant resetAt = egress.capsResetAt();
    Instant recheck = now.plus(CAPPED_RECHECK);
    Instant until = resetAt.isBefore(recheck) ? resetAt : recheck;
    LOG.debug(
        "egress pool {} capped: site {} waits until {}", site.key().pool(), site.key(), until);
    site.egressCappedUntil(until);
    site.connectionStarted();
    ended(site, now);
  }

  /** Delivers the batch and settles it; returns how many jobs reached at least one recipient. */
  private int deliver(SiteQueue site, ConnectionPlan plan, List<DeliveryJob> batch) {
    BatchResult result;
    try {
      result = transport.deliver(plan, batch);
      if (result.outcomes().size() != batch.size()) {
        throw new IllegalStateException(
            result.outcomes().size() + " outcomes for " + batch.size() + " jobs");
      }
    } catch (RuntimeException e) {
      LOG.error("delivery to site {} failed unexpectedly; retrying its jobs", site.key(), e);
      String reply = DeliveryReplies.localError(e);
      result =
          new BatchResult(
              batch.stream().map(j -> j.outcomeForAll(new TransientFailure(reply))).toList(),
              null,
              null);
    }
    Attempt attempt =
        new Attempt(site.key().pool(), site.key().site(), result.source(), result.remote());
    int reached = 0;
    for (int i = 0; i < batch.size(); i++) {
      Map<String, DeliveryResult> outcomes = result.outcomes().get(i);
      if (outcomes.values().stream().anyMatch(Delivered.class::isInstance)) {
        reached++;
      }
      try {
        settlement.settle(batch.get(i), attempt, outcomes);
      } catch (RuntimeException e) {
        // Still outstanding, so still in the spool: it goes out again after a restart.
        LOG.error("message {}: settling its outcome failed", batch.get(i).message().id(), e);
      }
      observe(site, outcomes);
    }
    return reached;
  }

  /** Feeds one job's outcomes to the site's suspension rule. */
  private synchronized void observe(SiteQueue site, Map<String, DeliveryResult> outcomes) {
    if (outcomes.values().stream().anyMatch(Delivered.class::isInstance)) {
      site.suspension().delivered();
      return;
    }
    Instant now = clock.instant();
    for (DeliveryResult outcome : outcomes.values()) {
      if (outcome instanceof TransientFailure t && site.suspension().deferred(t.reply(), now)) {
        suspended(site, now);
        return;
      }
    }
  }

  /** A connection slot of {@code site} is free again: pump the site and whoever waited. */
  private void ended(SiteQueue site, Instant now) {
    site.connectionEnded(now);
    open--;
    openByPool.merge(site.key().pool(), -1, Integer::sum);
    pump(site, now);
    List<SiteQueue> waiting = new ArrayList<>(waitingForWorker);
    waitingForWorker.clear();
    waiting.forEach(w -> pump(w, now));
  }

  private void suspended(SiteQueue site, Instant now) {
    Instant until = site.suspension().until();
    LOG.warn("site {} suspended until {}: {}", site.key(), until, site.suspension().reason());
    listener.siteSuspended(site.key(), site.policy().label(), until, site.suspension().reason());
    wake(site, until, now);
  }

  private void resumed(SiteQueue site, String how) {
    if (site.suspension().resume()) {
      LOG.info("site {} resumed: {}", site.key(), how);
      listener.siteResumed(site.key(), site.policy().label(), how);
    }
  }

  /** Suspends every site named {@code name}; false when none is known. */
  synchronized boolean suspend(String name, Duration duration, String reason) {
    List<SiteQueue> named = named(name);
    Instant now = clock.instant();
    for (SiteQueue site : named) {
      Duration length = duration != null ? duration : site.suspension().defaultDuration();
      site.suspension().suspend(now.plus(length), reason);
      suspended(site, now);
    }
    return !named.isEmpty();
  }

  /** Lifts the suspension of every site named {@code name}; false when none is known. */
  synchronized boolean resume(String name) {
    List<SiteQueue> named = named(name);
    Instant now = clock.instant();
    for (SiteQueue site : named) {
      resumed(site, "resumed by hand");
      pump(site, now);
    }
    return !named.isEmpty();
  }

  private List<SiteQueue> named(String name) {
    return sites.values().stream().filter(s -> s.key().site().equals(name)).toList();
  }

  synchronized boolean isHeld() {
    return held;
  }

  /** Stops opening connections and waits up to {@code timeout} for deliveries under way. */
  synchronized boolean hold(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    held = true;
    while (inFlight > 0) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /** Opens connections again after {@link #hold}. */
  synchronized void release() {
    held = false;
    Instant now = clock.instant();
    List.copyOf(sites.values()).forEach(site -> pump(site, now));
  }

  synchronized List<SiteStatus> statuses() {
    Instant now = clock.instant();
    sweep(now);
    return sites.values().stream().map(site -> site.status(now)).toList();
  }

  synchronized List<PoolStats> poolStats(Map<String, PoolBacklog> backlogs) {
    Instant now = clock.instant();
    Set<String> pools = new TreeSet<>(backlogs.keySet());
    pools.addAll(openByPool.keySet());
    List<PoolStats> stats = new ArrayList<>();
    for (String pool : pools) {
      Map<String, Integer> suspended = new HashMap<>();
      for (SiteQueue site : sites.values()) {
        if (site.key().pool().equals(pool) && site.suspension().isSuspended(now)) {
          suspended.merge(site.policy().label(), 1, Integer::sum);
        }
      }
      PoolBacklog backlog = backlogs.get(pool);
      stats.add(
          new PoolStats(
              pool,
              backlog == null ? 0 : backlog.size(),
              backlog == null ? Optional.empty() : backlog.oldest(),
              openByPool.getOrDefault(pool, 0),
              suspended));
    }
    return stats;
  }

  /**
   * Expires the ready jobs that reached the max age without an attempt: a site suspended, out of
   * tokens or with its pool capped for that long must not keep mail forever. Their last attempt (a
   * transient failure at the max age) runs on a worker, since it writes bounces.
   */
  synchronized void expireWaiting() {
    if (held) {
      return; // a transfer may be handing these messages to a peer
    }
    Instant cutoff = clock.instant().minus(maxAge);
    for (SiteQueue site : sites.values()) {
      List<DeliveryJob> old = site.takeReceivedBefore(cutoff);
      if (!old.isEmpty()) {
        String pool = site.key().pool();
        String reply = DeliveryReplies.stillWaitingAtMaxAge(site.key().site());
        DeliveryQueue.run(
            workers,
            () -> old.forEach(job -> settlement.unplaced(job, pool, new TransientFailure(reply))),
            site.key());
      }
    }
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
}
