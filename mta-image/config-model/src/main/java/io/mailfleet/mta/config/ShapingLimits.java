package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

/**
 * How hard delivery may push one destination site, as the DeliveryTier's shaping says; a field left
 * {@code null} in a site's limits takes the value of {@code delivery.shaping.defaults}.
 *
 * @param maxConnections concurrent outbound connections to the site
 * @param deliveriesPerConnection messages carried over one connection before QUIT
 * @param messagesPerHour messages per hour to the site; {@code null}: no hourly limit
 * @param messagesPerMinute messages per minute to the site; {@code null}: no per-minute limit
 * @param connectionsPerMinute new connections per minute to the site; {@code null}: no limit
 * @param tls how STARTTLS is used towards the site
 */
public record ShapingLimits(
    Integer maxConnections,
    Integer deliveriesPerConnection,
    Integer messagesPerHour,
    Integer messagesPerMinute,
    Integer connectionsPerMinute,
    TlsPolicy tls) {

  public ShapingLimits {
    checkRange("maxConnections", maxConnections, 1_000);
    checkRange("deliveriesPerConnection", deliveriesPerConnection, 100_000);
    checkRange("messagesPerHour", messagesPerHour, 100_000_000);
    checkRange("messagesPerMinute", messagesPerMinute, 10_000_000);
    checkRange("connectionsPerMinute", connectionsPerMinute, 1_000_000);
    if (messagesPerHour != null
        && messagesPerMinute != null
        && messagesPerMinute > messagesPerHour) {
      throw new InvalidConfigException(
          "messagesPerMinute", "cannot be more than messagesPerHour (" + messagesPerHour + ")");
    }
  }

  /** These limits with every unset field taken from {@code defaults}. */
  public SiteLimits over(SiteLimits defaults) {
    return new SiteLimits(
        maxConnections != null ? maxConnections : defaults.maxConnections(),
        deliveriesPerConnection != null
            ? deliveriesPerConnection
            : defaults.deliveriesPerConnection(),
        messagesPerHour != null ? messagesPerHour : defaults.messagesPerHour(),
        messagesPerMinute != null ? messagesPerMinute : defaults.messagesPerMinute(),
        connectionsPerMinute != null ? connectionsPerMinute : defaults.connectionsPerMinute(),
        tls != null ? tls : defaults.tls());
  }

  private static void checkRange(String field, Integer value, int max) {
    if (value != null) {
      requireRange(field, value, 1, max);
    }
  }
}
