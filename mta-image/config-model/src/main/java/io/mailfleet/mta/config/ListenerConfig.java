package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireNotBlank;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One SMTP listening socket.
 *
 * @param name a label for logs
 * @param address the local address to bind, such as {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the TCP port; 0 picks a free one (tests)
 * @param proxyProtocol whether every connection starts with a PROXY protocol header (v1 or v2), as
 *     a network load balancer sends it to keep the client's address
 * @param trustedProxies the networks (CIDR) a PROXY header is taken from, the load balancer's
 *     source addresses; a connection from anywhere else is closed, since its header could claim any
 *     client address. Required when {@code proxyProtocol} is true; empty when not given
 * @param proxyHeaderTimeout how long a connection may take to send its PROXY header; 5 seconds when
 *     not given
 */
public record ListenerConfig(
    String name,
    String address,
    int port,
    boolean proxyProtocol,
    List<String> trustedProxies,
    Duration proxyHeaderTimeout) {

  /** The header timeout when none is given: a load balancer sends the header at once. */
  public static final Duration DEFAULT_PROXY_HEADER_TIMEOUT = Duration.ofSeconds(5);

  public ListenerConfig {
    requireNotBlank("name", name);
    requireNotBlank("address", address);
    requireRange("port", port, 0, 65535);
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    for (int i = 0; i < trustedProxies.size(); i++) {
      try {
        ClientNetwork.parse(trustedProxies.get(i));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException("trustedProxies[" + i + "]", e.getMessage());
      }
    }
    if (proxyProtocol && trustedProxies.isEmpty()) {
      throw new InvalidConfigException(
          "trustedProxies",
          "must list the load balancer's source networks (CIDR) when proxyProtocol is true, such"
              + " as [10.0.0.0/16]: a PROXY header from any other peer could claim any client"
              + " address");
    }
    proxyHeaderTimeout =
        proxyHeaderTimeout == null ? DEFAULT_PROXY_HEADER_TIMEOUT : proxyHeaderTimeout;
    if (proxyHeaderTimeout.isNegative()
        || proxyHeaderTimeout.isZero()
        || proxyHeaderTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new InvalidConfigException(
          "proxyHeaderTimeout", "must be positive and at most 5m, was " + proxyHeaderTimeout);
    }
  }

  /** A listener without PROXY protocol. */
  public static ListenerConfig direct(String name, String address, int port) {
    return new ListenerConfig(name, address, port, false, List.of(), DEFAULT_PROXY_HEADER_TIMEOUT);
  }

  /** The trusted proxy networks, parsed. */
  public List<ClientNetwork> trustedProxyNetworks() {
    List<ClientNetwork> parsed = new ArrayList<>();
    trustedProxies.forEach(n -> parsed.add(ClientNetwork.parse(n)));
    return parsed;
  }
}
