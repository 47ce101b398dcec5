package io.mailfleet.mta.queue;

import io.mailfleet.mta.config.SiteLimits;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ready jobs of one (pool, site), with what limits the site's connections: how many are open,
 * its rate limits and whether it is suspended. Not thread-safe: {@link Switchboard} calls it under
 * its lock.
 */
final class SiteQueue {

  private static final int MAX_DOMAINS_SHOWN = 100;

  private final SiteKey key;
  private final SitePolicy policy;
  private final ReadyJobs ready = new ReadyJobs();
  private final Set<String> domains = new LinkedHashSet<>();
  private final SiteThrottle throttle;
  private final SiteSuspension suspension;
  private int connections;
  private int starting;
  private Instant wakeAt;
  private Instant egressCappedUntil;
  private Instant lastUsed;

  SiteQueue(SiteKey key, SitePolicy policy, Instant now) {
    this.key = key;
    this.policy = policy;
    this.throttle = new SiteThrottle(policy.limits(), now);
    this.suspension = new SiteSuspension(policy.suspension());
    this.lastUsed = now;
  }

  SiteKey key() {
    return key;
  }

  SitePolicy policy() {
    return policy;
  }

  SiteLimits limits() {
    return policy.limits();
  }

  SiteThrottle throttle() {
    return throttle;
  }

  SiteSuspension suspension() {
    return suspension;
  }

  /** Adds a ready job whose mail goes to {@code hosts}, reached over {@code hops}. */
  void offer(DeliveryJob job, String hosts, List<NextHop> hops, Instant now) {
    ready.add(hosts, hops, job);
    if (domains.size() < MAX_DOMAINS_SHOWN) {
      domains.add(job.domain());
    }
    lastUsed = now;
  }

  /** Takes up to {@code max} jobs, all going to the same hosts, for a connection. */
  ReadyJobs.Batch take(int max) {
    return ready.take(max);
  }

  int readyJobs() {
    return ready.size();
  }

  /**
   * Whether another connection would find jobs: more are ready than the connections still starting
   * will take, and the rate limits leave messages beyond theirs.
   */
  boolean wantsConnection(Instant now) {
    long claimed = (long) starting * policy.limits().deliveriesPerConnection();
    if (ready.size() <= claimed) {
      return false;
    }
    return starting == 0 || throttle.messagesAllowed(now) > claimed;
  }

  /** Every source of the pool was capped: no connection before {@code until}. */
  void egressCappedUntil(Instant until) {
    egressCappedUntil = until;
  }

  /** Whether the pool's sources were capped and it is not yet time to ask again. */
  boolean egressCapped(Instant now) {
    return egressCappedUntil != null && now.isBefore(egressCappedUntil);
  }

  Instant egressCappedUntil() {
    return egressCappedUntil;
  }

  /** Whether the site is at its connection limit. */
  boolean atConnectionLimit() {
    return connections >= policy.limits().maxConnections();
  }

  /** A connection is about to start (a worker will take its batch). */
  void connectionStarting(Instant now) {
    connections++;
    starting++;
    lastUsed = now;
  }

  /** A starting connection took its batch (possibly empty). */
  void connectionStarted() {
    starting--;
  }

  /** A connection ended. */
  void connectionEnded(Instant now) {
    connections--;
    lastUsed = now;
  }

  /**
   * Records that a timer wakes the site at {@code at}; false when one already wakes it no later.
   */
  boolean wakeAt(Instant at) {
    if (wakeAt != null && !wakeAt.isAfter(at)) {
      return false;
    }
    wakeAt = at;
    return true;
  }

  /** The timer woke the site. */
  void woken() {
    wakeAt = null;
  }

  /** Removes and returns the ready jobs of messages received before {@code cutoff}. */
  List<DeliveryJob> takeReceivedBefore(Instant cutoff) {
    return ready.removeReceivedBefore(cutoff);
  }

  /** Whether nothing about the site is worth keeping since {@code cutoff}. */
  boolean idleSince(Instant cutoff) {
    return ready.isEmpty()
        && connections == 0
        && suspension.until() == null
        && lastUsed.isBefore(cutoff);
  }

  /** The site as the admin API shows it. */
  SiteStatus status(Instant now) {
    Instant tokensAt = throttle.nextConnectionAt(now);
    boolean waitsForTokens =
        !ready.isEmpty() && !suspension.isSuspended(now) && tokensAt.isAfter(now);
    return new SiteStatus(
        key.site(),
        key.pool(),
        policy.label(),
        List.copyOf(domains),
        ready.size(),
        connections,
        suspension.until() == null ? null : suspension.until().toString(),
        suspension.reason(),
        waitsForTokens ? tokensAt.toString() : null,
        egressCapped(now) ? egressCappedUntil.toString() : null,
        policy.limits());
  }
}
