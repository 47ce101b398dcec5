package io.mailfleet.mta.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The ready jobs of one egress pool for one destination site, and whether a worker is draining
 * them. One worker (so one connection) per site at a time in this version; per-site shaping will
 * raise that. {@link DeliveryQueue} calls {@link #offer} and {@link #finishBatch} under its
 * site-map lock.
 */
final class SiteQueue {

  private final String pool;
  private final String site;
  private final Deque<DeliveryJob> ready = new ArrayDeque<>();
  private boolean draining;

  SiteQueue(String pool, String site) {
    this.pool = pool;
    this.site = site;
  }

  /** The key of a pool's queue for a site in {@link DeliveryQueue}'s map. */
  static String key(String pool, String site) {
    return pool + " " + site;
  }

  String key() {
    return key(pool, site);
  }

  String pool() {
    return pool;
  }

  String site() {
    return site;
  }

  /** Adds a ready job; true when the caller must start a worker for this site. */
  synchronized boolean offer(DeliveryJob job) {
    ready.addLast(job);
    if (draining) {
      return false;
    }
    draining = true;
    return true;
  }

  /** Takes up to {@code max} jobs for the next connection. */
  synchronized List<DeliveryJob> take(int max) {
    List<DeliveryJob> batch = new ArrayList<>(Math.min(max, ready.size()));
    while (batch.size() < max && !ready.isEmpty()) {
      batch.add(ready.pollFirst());
    }
    return batch;
  }

  /** The worker is done with a batch; true when more jobs wait and it must go on. */
  synchronized boolean finishBatch() {
    if (ready.isEmpty()) {
      draining = false;
      return false;
    }
    return true;
  }

  synchronized int size() {
    return ready.size();
  }
}
