package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

/**
 * The limits in force for one site: its configured limits over the defaults, every field known.
 *
 * @param maxConnections concurrent outbound connections to the site
 * @param deliveriesPerConnection messages carried over one connection before QUIT
 * @param messagesPerHour messages per hour, or {@code null} for no hourly limit
 * @param messagesPerMinute messages per minute, or {@code null} for no per-minute limit
 * @param connectionsPerMinute new connections per minute, or {@code null} for no limit
 * @param tls how STARTTLS is used towards the site
 */
public record SiteLimits(
    int maxConnections,
    int deliveriesPerConnection,
    Integer messagesPerHour,
    Integer messagesPerMinute,
    Integer connectionsPerMinute,
    TlsPolicy tls) {

  public SiteLimits {
    requireRange("maxConnections", maxConnections, 1, 1_000);
    requireRange("deliveriesPerConnection", deliveriesPerConnection, 1, 100_000);
    requirePresent("tls", tls);
  }

  /** The defaults' limits, which must give maxConnections, deliveriesPerConnection and tls. */
  public static SiteLimits of(ShapingLimits defaults) {
    return new SiteLimits(
        requirePresent("maxConnections", defaults.maxConnections()),
        requirePresent("deliveriesPerConnection", defaults.deliveriesPerConnection()),
        defaults.messagesPerHour(),
        defaults.messagesPerMinute(),
        defaults.connectionsPerMinute(),
        requirePresent("tls", defaults.tls()));
  }
}
