package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireNotBlank;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

import java.time.Duration;

/**
 * An HTTP listening socket (admin or injection API).
 *
 * @param address the local address to bind
 * @param port the TCP port; 0 picks a free one (tests)
 * @param maxConnections connections open at once; one more is closed at once; 64 when not given
 * @param idleTimeout a connection that neither sends nor receives for this long is closed; 60
 *     seconds when not given
 * @param maxRequestBytes the largest request body, buffered whole (larger: 413); null for the
 *     listener's own default (admin: 64 KiB; injection: from the SMTP maximum message size)
 */
public record HttpListenerConfig(
    String address,
    int port,
    Integer maxConnections,
    Duration idleTimeout,
    Integer maxRequestBytes) {

  public HttpListenerConfig {
    requireNotBlank("address", address);
    requireRange("port", port, 0, 65535);
    maxConnections = maxConnections == null ? 64 : maxConnections;
    requireRange("maxConnections", maxConnections, 1, 100_000);
    idleTimeout = idleTimeout == null ? Duration.ofSeconds(60) : idleTimeout;
    if (idleTimeout.isNegative()
        || idleTimeout.isZero()
        || idleTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new InvalidConfigException(
          "idleTimeout", "must be positive and at most 1h, was " + idleTimeout);
    }
    if (maxRequestBytes != null) {
      requireRange("maxRequestBytes", maxRequestBytes, 1024, Integer.MAX_VALUE);
    }
  }

  /** A listener on {@code address:port} with the default limits. */
  public static HttpListenerConfig of(String address, int port) {
    return new HttpListenerConfig(address, port, null, null, null);
  }
}
