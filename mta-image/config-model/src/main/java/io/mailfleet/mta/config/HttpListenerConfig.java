package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireNotBlank;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
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
 * @param tokenFile a file holding the bearer token that requests must present ({@code
 *     Authorization: Bearer <token>}): on the admin listener every request that changes state, on
 *     the injection listener every request. Required when {@code address} is not a loopback
 *     address, so nothing beyond this host reaches an open admin or injection API; null on loopback
 *     leaves the listener open to local clients
 */
public record HttpListenerConfig(
    String address,
    int port,
    Integer maxConnections,
    Duration idleTimeout,
    Integer maxRequestBytes,
    Path tokenFile) {

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
    if (tokenFile == null && !isLoopback(address)) {
      throw new InvalidConfigException(
          "tokenFile",
          "is required when the listener binds "
              + address
              + ", beyond loopback: set tokenFile to a file holding the bearer token clients must"
              + " send, or bind address 127.0.0.1");
    }
  }

  /** A listener on {@code address:port} with the default limits. */
  public static HttpListenerConfig of(String address, int port) {
    return new HttpListenerConfig(address, port, null, null, null, null);
  }

  /** This listener, requiring the bearer token held in {@code tokenFile}. */
  public HttpListenerConfig withTokenFile(Path tokenFile) {
    return new HttpListenerConfig(
        address, port, maxConnections, idleTimeout, maxRequestBytes, tokenFile);
  }

  /**
   * Whether {@code address} reaches only this host: {@code localhost} or a loopback IP literal. Any
   * other host name counts as beyond loopback; it is never resolved here.
   */
  static boolean isLoopback(String address) {
    if (address.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      return false;
    }
    try {
      // An IP literal: parsed, never looked up.
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
