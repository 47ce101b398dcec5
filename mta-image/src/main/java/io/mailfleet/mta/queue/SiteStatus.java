package io.mailfleet.mta.queue;

import io.mailfleet.mta.config.SiteLimits;
import java.util.List;

/**
 * One site as {@code GET /api/v1/sites} shows it; times are ISO-8601 or {@code null}.
 *
 * @param name the site's name
 * @param pool the egress pool
 * @param label its metric label (configured name or {@code other})
 * @param domains recipient domains seen for it (up to 100)
 * @param readyJobs jobs waiting for a connection
 * @param connectionsOpen connections open (or starting) to it now
 * @param suspendedUntil when a suspension ends
 * @param suspendReason why it is suspended
 * @param waitingForTokensUntil when the rate limits let the next connection start, while ready jobs
 *     wait only for that
 * @param waitingForEgressUntil when it asks again for an egress source, while every source of its
 *     pool is at today's cap
 * @param limits the limits in force
 */
public record SiteStatus(
    String name,
    String pool,
    String label,
    List<String> domains,
    int readyJobs,
    int connectionsOpen,
    String suspendedUntil,
    String suspendReason,
    String waitingForTokensUntil,
    String waitingForEgressUntil,
    SiteLimits limits) {

  public SiteStatus {
    domains = List.copyOf(domains);
  }
}
