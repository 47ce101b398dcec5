package io.mailfleet.mta.delivery;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where outbound connections come from and what they call themselves.
 *
 * @param bindAddress the local address to bind, or {@code null} for the kernel's choice
 * @param ehloName the name sent in EHLO
 */
public record EgressSource(String bindAddress, String ehloName) {

  public EgressSource {
    Objects.requireNonNull(ehloName, "ehloName");
  }

  /** The socket address to bind (any port), or {@code null}. */
  InetSocketAddress localSocket() {
    return bindAddress == null ? null : new InetSocketAddress(bindAddress, 0);
  }

  /** How event lines name the source: the EHLO name, and the bind address when one is set. */
  String describe() {
    return bindAddress == null ? ehloName : ehloName + "/" + bindAddress;
  }
}
