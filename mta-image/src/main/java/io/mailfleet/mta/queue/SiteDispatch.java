package io.mailfleet.mta.queue;

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

  private final SiteTransport transport;
  private final DeliveryListener listener;
  private final Settlement settlement;
  private final Outstanding outstanding;
  private final ExecutorService workers;
  private final Timer timer;
  private final int maxConnections;
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
      DeliveryListener listener,
      Settlement settlement,
      Outstanding outstanding,
      ExecutorService workers,
      Timer timer,
      int maxConnections,
      Clock clock) {
    this.transport = transport;
    this.listener = listener;
    this.settlement = settlement;
    this.outstanding = outstanding;
    this.workers = workers;
    this.timer = timer;
    this.maxConnections = maxConnections;
    this.clock = clock;
    this.lastSweep = clock.instant();
  }

  /** Queues a placed job at its site and opens a connection if the site's limits allow. */
  synchronized void ready(SiteKey key, SitePolicy policy, DeliveryJob job) {
    Instant now = clock.instant();
    sweep(now);
    SiteQueue site = sites.computeIfAbsent(key, k -> new SiteQueue(k, policy, now));
    site.offer(job, now);
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

  /** One connection, on a worker: takes its batch, delivers it, settles it. */
  private void connect(SiteQueue site) {
    // The egress lease for this connection goes here, before the batch is taken: the batch then
    // carries at most the lease's allowance, and what it does not use is given back.
    int allowed = site.limits().deliveriesPerConnection();
    List<DeliveryJob> batch;
    ConnectionPlan plan;
    synchronized (this) {
      Instant now = clock.instant();
      site.connectionStarted();
      if (held || site.suspension().isSuspended(now) || site.readyJobs() == 0) {
        ended(site, now);
        return;
      }
      plan = new ConnectionPlan(site.key(), site.routeDomain(), site.limits());
      int wanted = Math.min(allowed, site.throttle().messagesAllowed(now));
      batch = outstanding.stillPending(site.take(wanted));
      if (batch.isEmpty()) {
        ended(site, now);
        return;
      }
      site.throttle().send(batch.size(), now);
      inFlight++;
    }
    try {
      deliver(site, plan, batch);
    } finally {
      synchronized (this) {
        inFlight--;
        notifyAll();
        ended(site, clock.instant());
      }
    }
  }

  private void deliver(SiteQueue site, ConnectionPlan plan, List<DeliveryJob> batch) {
    BatchResult result;
    try {
      result = transport.deliver(plan, batch);
      if (result.outcomes().size() != batch.size()) {
        throw new IllegalStateException(
            result.outcomes().size() + " outcomes for " + batch.size() + " jobs");
      }
    } catch (RuntimeException e) {
      LOG.error("delivery to site {} failed unexpectedly; retrying its jobs", site.key(), e);
      String reply = "451 4.3.0 " + e;
      result = new BatchResult(batch.stream().map(j -> failedAll(j, reply)).toList(), null, null);
    }
    Attempt attempt =
        new Attempt(site.key().pool(), site.key().site(), result.source(), result.remote());
    for (int i = 0; i < batch.size(); i++) {
      Map<String, DeliveryResult> outcomes = result.outcomes().get(i);
      settlement.settle(batch.get(i), attempt, outcomes);
      observe(site, outcomes);
    }
  }

  private static Map<String, DeliveryResult> failedAll(DeliveryJob job, String reply) {
    Map<String, DeliveryResult> failed = new LinkedHashMap<>();
    job.recipients().forEach(r -> failed.put(r, new TransientFailure(reply)));
    return failed;
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
              backlog == null ? java.util.Optional.empty() : backlog.oldest(),
              openByPool.getOrDefault(pool, 0),
              suspended));
    }
    return stats;
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
