package io.mailfleet.mta.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where outbound mail comes from: egress pools of weighted sources with daily caps.
 *
 * @param pools the pools, at least one; the first takes mail no other pool claims, and bounces
 */
public record EgressConfig(List<EgressPoolConfig> pools) {

  public EgressConfig {
    if (pools == null || pools.isEmpty()) {
      throw new InvalidConfigException("pools", "needs at least one pool");
    }
    pools = List.copyOf(pools);
    Set<String> poolNames = new HashSet<>();
    Map<String, String> sourcePools = new HashMap<>();
    for (int i = 0; i < pools.size(); i++) {
      EgressPoolConfig pool = pools.get(i);
      if (!poolNames.add(pool.name())) {
        throw new InvalidConfigException("pools[" + i + "].name", "is used twice: " + pool.name());
      }
      for (int j = 0; j < pool.sources().size(); j++) {
        String source = pool.sources().get(j).name();
        String other = sourcePools.putIfAbsent(source, pool.name());
        if (other != null) {
          throw new InvalidConfigException(
              "pools[" + i + "].sources[" + j + "].name",
              "is used by pool " + other + " too: " + source + " (a source has one count and cap)");
        }
      }
    }
    for (int i = 0; i < pools.size(); i++) {
      String overflow = pools.get(i).overflowPool();
      if (overflow != null && !poolNames.contains(overflow)) {
        throw new InvalidConfigException(
            "pools[" + i + "].overflowPool", "names no pool: " + overflow);
      }
    }
  }

  /** One pool {@code default} with one source {@code default}: the kernel's address, no cap. */
  public static EgressConfig single() {
    return new EgressConfig(
        List.of(
            new EgressPoolConfig(
                "default",
                List.of(),
                WhenCapped.WAIT,
                null,
                List.of(new EgressSourceConfig("default", null, null, null, 1, null)))));
  }
}
