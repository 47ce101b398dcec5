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
 * domain's hosts. Groups take turns, the one waiting longest first. A group's connection goes to
 * the hops of its latest placement (the freshest addresses routing found for those hosts). Not
 * thread-safe.
 */
final class ReadyJobs {

  /** Jobs for one connection, and where that connection goes. */
  record Batch(List<NextHop> hops, List<DeliveryJob> jobs) {
    static final Batch NONE = new Batch(List.of(), List.of());

    Batch {
      hops = List.copyOf(hops);
      jobs = List.copyOf(jobs);
    }

    boolean isEmpty() {
      return jobs.isEmpty();
    }
  }

  /** The jobs going to one set of hosts, and the hops of the latest one placed. */
  private static final class Group {
    private final Deque<DeliveryJob> jobs = new ArrayDeque<>();
    private List<NextHop> hops;
  }

  private final Map<String, Group> byHosts = new LinkedHashMap<>();
  private int size;

  /** Adds a job whose mail goes to {@code hosts}, reached over {@code hops}. */
  void add(String hosts, List<NextHop> hops, DeliveryJob job) {
    Group group = byHosts.computeIfAbsent(hosts, h -> new Group());
    group.jobs.addLast(job);
    group.hops = hops;
    size++;
  }

  /**
   * Takes up to {@code max} jobs of the group whose turn it is; the group goes to the back of the
   * line when jobs are left in it.
   */
  Batch take(int max) {
    Iterator<Map.Entry<String, Group>> groups = byHosts.entrySet().iterator();
    if (!groups.hasNext() || max < 1) {
      return Batch.NONE;
    }
    Map.Entry<String, Group> entry = groups.next();
    groups.remove();
    Deque<DeliveryJob> jobs = entry.getValue().jobs;
    List<DeliveryJob> batch = new ArrayList<>(Math.min(max, jobs.size()));
    while (batch.size() < max && !jobs.isEmpty()) {
      batch.add(jobs.pollFirst());
    }
    size -= batch.size();
    if (!jobs.isEmpty()) {
      byHosts.put(entry.getKey(), entry.getValue());
    }
    return new Batch(entry.getValue().hops, batch);
  }

  /** Removes and returns the jobs of messages received before {@code cutoff}. */
  List<DeliveryJob> removeReceivedBefore(Instant cutoff) {
    List<DeliveryJob> old = new ArrayList<>();
    Iterator<Group> groups = byHosts.values().iterator();
    while (groups.hasNext()) {
      Deque<DeliveryJob> jobs = groups.next().jobs;
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
