package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireNotBlank;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

/**
 * One SMTP listening socket.
 *
 * @param name a label for logs
 * @param address the local address to bind, such as {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the TCP port; 0 picks a free one (tests)
 * @param proxyProtocol whether every connection starts with a PROXY protocol header (v1 or v2), as
 *     a network load balancer sends it to keep the client's address
 */
public record ListenerConfig(String name, String address, int port, boolean proxyProtocol) {

  public ListenerConfig {
    requireNotBlank("name", name);
    requireNotBlank("address", address);
    requireRange("port", port, 0, 65535);
  }
}
