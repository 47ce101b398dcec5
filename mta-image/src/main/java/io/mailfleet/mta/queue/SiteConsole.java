package io.mailfleet.mta.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sites as the admin API and the metrics see them: each site's status (ready jobs, connections,
 * suspension, what it waits for) and figures per egress pool. Reads the {@link Switchboard}'s state
 * under its lock and changes nothing.
 */
final class SiteConsole {

  /**
   * The sites and the connections open per pool, as read at {@code now} under the board's lock. The
   * sites are the board's own: read them inside the view only.
   */
  record Snapshot(List<SiteQueue> sites, Map<String, Integer> openByPool, Instant now) {}

  private final Switchboard board;

  SiteConsole(Switchboard board) {
    this.board = board;
  }

  /** Every site known now, busy or suspended or recently used. */
  List<SiteStatus> statuses() {
    return board.read(
        snapshot -> snapshot.sites().stream().map(site -> site.status(snapshot.now())).toList());
  }

  /** Figures per egress pool: its backlog, its open connections, its suspended sites by label. */
  List<PoolStats> poolStats(Map<String, PoolBacklog> backlogs) {
    return board.read(snapshot -> poolStats(snapshot, backlogs));
  }

  private static List<PoolStats> poolStats(Snapshot snapshot, Map<String, PoolBacklog> backlogs) {
    Set<String> pools = new TreeSet<>(backlogs.keySet());
    pools.addAll(snapshot.openByPool().keySet());
    Map<String, Map<String, Integer>> suspendedByPool = new HashMap<>();
    for (SiteQueue site : snapshot.sites()) {
      if (site.suspension().isSuspended(snapshot.now())) {
        suspendedByPool
            .computeIfAbsent(site.key().pool(), p -> new HashMap<>())
            .merge(site.policy().label(), 1, Integer::sum);
      }
    }
    List<PoolStats> stats = new ArrayList<>();
    for (String pool : pools) {
      Map<String, Integer> suspended = suspendedByPool.getOrDefault(pool, Map.of());
      PoolBacklog backlog = backlogs.get(pool);
      stats.add(
          new PoolStats(
              pool,
              backlog == null ? 0 : backlog.size(),
              backlog == null ? Optional.empty() : backlog.oldest(),
              snapshot.openByPool().getOrDefault(pool, 0),
              suspended));
    }
    return stats;
  }
}
