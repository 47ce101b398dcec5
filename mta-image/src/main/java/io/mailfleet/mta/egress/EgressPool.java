package io.mailfleet.mta.egress;

import io.mailfleet.mta.config.WhenCapped;
import java.util.List;
import java.util.Objects;

/**
 * Weighted egress sources that send the mail of some sender domains.
 *
 * @param name the pool's name
 * @param senderDomains sender domains (lower case) whose mail, and their subdomains', it sends
 * @param whenCapped what happens once every source reached today's cap
 * @param overflowPool the pool that takes over when capped and {@code OVERFLOW}, else {@code null}
 * @param sources its sources, at least one
 */
public record EgressPool(
    String name,
    List<String> senderDomains,
    WhenCapped whenCapped,
    String overflowPool,
    List<EgressSource> sources) {

  public EgressPool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(whenCapped, "whenCapped");
    senderDomains = List.copyOf(senderDomains);
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("pool " + name + " needs at least one source");
    }
  }

  /** Whether this pool sends for {@code domain} (lower case): it or a parent domain is listed. */
  boolean claims(String domain) {
    for (String candidate = domain; !candidate.isEmpty(); ) {
      if (senderDomains.contains(candidate)) {
        return true;
      }
      int dot = candidate.indexOf('.');
      candidate = dot < 0 ? "" : candidate.substring(dot + 1);
    }
    return false;
  }
}
