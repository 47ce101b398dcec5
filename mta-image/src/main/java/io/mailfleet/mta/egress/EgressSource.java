package io.mailfleet.mta.egress;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where outbound connections come from and what they call themselves.
 *
 * @param name the source's name, unique across pools
 * @param bindAddress the local address to bind, or {@code null} for the kernel's choice
 * @param ehloName the name sent in EHLO
 * @param publicIp the public IP the bind address maps to, or {@code null}; for reporting only
 * @param weight the source's share of its pool's connections
 * @param dailyCap messages it may send per UTC day, or {@code null} when it is warm (no cap)
 */
public record EgressSource(
    String name, String bindAddress, String ehloName, String publicIp, int weight, Long dailyCap) {

  public EgressSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ehloName, "ehloName");
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be at least 1: " + weight);
    }
  }

  /** The socket address to bind (any port), or {@code null}. */
  public InetSocketAddress localSocket() {
    return bindAddress == null ? null : new InetSocketAddress(bindAddress, 0);
  }

  /** How many more messages it may send today after {@code sentToday}. */
  long remaining(long sentToday) {
    return dailyCap == null ? Long.MAX_VALUE : Math.max(0, dailyCap - sentToday);
  }
}
