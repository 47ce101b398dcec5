package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireNotBlank;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

/**
 * An HTTP listening socket (admin or injection API).
 *
 * @param address the local address to bind
 * @param port the TCP port; 0 picks a free one (tests)
 */
public record HttpListenerConfig(String address, int port) {

  public HttpListenerConfig {
    requireNotBlank("address", address);
    requireRange("port", port, 0, 65535);
  }
}
