package io.mailfleet.mta.queue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One egress pool's figures for the metrics.
 *
 * @param pool the pool's name
 * @param messages messages of the pool with recipients still to deliver
 * @param oldestReceivedAt when the oldest of them was received
 * @param connections outbound connections open for the pool
 * @param suspendedSites suspended sites of the pool by metric label
 */
public record PoolStats(
    String pool,
    long messages,
    Optional<Instant> oldestReceivedAt,
    int connections,
    Map<String, Integer> suspendedSites) {

  public PoolStats {
    suspendedSites = Map.copyOf(suspendedSites);
  }
}
