package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireNotBlank;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A pool of weighted egress sources and the sender domains whose mail it sends.
 *
 * @param name the pool's name, unique
 * @param senderDomains envelope sender domains (and their subdomains) sent from this pool; a
 *     message no pool claims, and every bounce, goes out of the first pool
 * @param whenCapped what happens once every source reached today's cap (default {@code WAIT})
 * @param overflowPool the pool that takes over when capped, required for {@code OVERFLOW}
 * @param sources the pool's sources, at least one
 */
public record EgressPoolConfig(
    String name,
    List<String> senderDomains,
    WhenCapped whenCapped,
    String overflowPool,
    List<EgressSourceConfig> sources) {

  public EgressPoolConfig {
    requireNotBlank("name", name);
    senderDomains =
        senderDomains == null
            ? List.of()
            : senderDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    for (int i = 0; i < senderDomains.size(); i++) {
      if (!EgressSourceConfig.DOMAIN_NAME.matcher(senderDomains.get(i)).matches()) {
        throw new InvalidConfigException(
            "senderDomains[" + i + "]", "is not a domain name: " + senderDomains.get(i));
      }
    }
    whenCapped = whenCapped == null ? WhenCapped.WAIT : whenCapped;
    if (whenCapped == WhenCapped.OVERFLOW && overflowPool == null) {
      throw new InvalidConfigException("overflowPool", "is required when whenCapped is OVERFLOW");
    }
    if (name.equals(overflowPool)) {
      throw new InvalidConfigException("overflowPool", "must name another pool, not " + name);
    }
    if (sources == null || sources.isEmpty()) {
      throw new InvalidConfigException("sources", "needs at least one source");
    }
    sources = List.copyOf(sources);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      if (!names.add(sources.get(i).name())) {
        throw new InvalidConfigException(
            "sources[" + i + "].name", "is used twice: " + sources.get(i).name());
      }
    }
  }
}
