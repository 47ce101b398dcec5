package io.mailfleet.mta.queue;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's ready jobs, grouped by the hosts they go to, so that one connection carries one group: a
 * named site may hold domains with different mail exchangers, and a job must never go to another
 * domain's hosts. Groups take turns, the one waiting longest first. Not thread-safe.
 */
final class ReadyJobs {

  private final Map<String, Deque<DeliveryJob>> byHosts = new LinkedHashMap<>();
  private int size;

  /** Adds a job whose mail goes to {@code hosts}. */
  void add(String hosts, DeliveryJob job) {
    byHosts.computeIfAbsent(hosts, h -> new ArrayDeque<>()).addLast(job);
    size++;
  }

  /**
   * Takes up to {@code max} jobs of the group whose turn it is; the group goes to the back of the
   * line when jobs are left in it.
   */
  List<DeliveryJob> take(int max) {
    Iterator<Map.Entry<String, Deque<DeliveryJob>>> groups = byHosts.entrySet().iterator();
    if (!groups.hasNext() || max < 1) {
      return List.of();
    }
    Map.Entry<String, Deque<DeliveryJob>> group = groups.next();
    groups.remove();
    Deque<DeliveryJob> jobs = group.getValue();
    List<DeliveryJob> batch = new ArrayList<>(Math.min(max, jobs.size()));
    while (batch.size() < max && !jobs.isEmpty()) {
      batch.add(jobs.pollFirst());
    }
    size -= batch.size();
    if (!jobs.isEmpty()) {
      byHosts.put(group.getKey(), jobs);
    }
    return batch;
  }

  /** Removes and returns the jobs of messages received before {@code cutoff}. */
  List<DeliveryJob> removeReceivedBefore(Instant cutoff) {
    List<DeliveryJob> old = new ArrayList<>();
    Iterator<Deque<DeliveryJob>> groups = byHosts.values().iterator();
    while (groups.hasNext()) {
      Deque<DeliveryJob> jobs = groups.next();
      jobs.removeIf(
          job -> {
            boolean expired = job.message().envelope().receivedAt().isBefore(cutoff);
            if (expired) {
              old.add(job);
            }
            return expired;
          });
      if (jobs.isEmpty()) {
        groups.remove();
      }
    }
    size -= old.size();
    return old;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
