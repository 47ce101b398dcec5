package io.mailfleet.mta.egress;

import io.mailfleet.mta.config.EgressConfig;
import io.mailfleet.mta.config.EgressPoolConfig;
import io.mailfleet.mta.config.EgressSourceConfig;
import io.mailfleet.mta.config.WhenCapped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured egress pools: which pool sends a message, and leases of a source for one
 * connection, chosen by weight among the sources still under today's cap. Thread-safe.
 */
public final class EgressPools {

  private static final Logger LOG = LoggerFactory.getLogger(EgressPools.class);

  private final Map<String, EgressPool> pools = new LinkedHashMap<>();
  private final DailySends sends;
  private final RandomGenerator random;
  private final Map<String, LongAdder> waits = new LinkedHashMap<>();
  private final Map<String, LongAdder> overflows = new LinkedHashMap<>();

  /** The pools of {@code config}; sources without an EHLO name use {@code hostname}. */
  public EgressPools(
      EgressConfig config, String hostname, DailySends sends, RandomGenerator random) {
    this.sends = sends;
    this.random = random;
    for (EgressPoolConfig pool : config.pools()) {
      List<EgressSource> sources = new ArrayList<>();
      for (EgressSourceConfig s : pool.sources()) {
        String ehlo = s.ehloName() == null ? hostname : s.ehloName();
        sources.add(
            new EgressSource(
                s.name(), s.bindAddress(), ehlo, s.publicIp(), s.weight(), s.dailyCap()));
      }
      pools.put(
          pool.name(),
          new EgressPool(
              pool.name(), pool.senderDomains(), pool.whenCapped(), pool.overflowPool(), sources));
      waits.put(pool.name(), new LongAdder());
      overflows.put(pool.name(), new LongAdder());
    }
  }

  /**
   * One pool {@code default} of one uncapped source on the kernel's address, as {@code localhost}.
   */
  public static EgressPools single(Clock clock) {
    return new EgressPools(
        EgressConfig.single(), "localhost", new DailySends(clock, null), new Random());
  }

  /** The pools in configured order. */
  public List<EgressPool> pools() {
    return List.copyOf(pools.values());
  }

  /**
   * The pool that sends mail from {@code sender}: the first that claims its domain or a parent
   * domain, else the first pool. Bounces ({@code null} or empty sender) go out of the first pool.
   */
  public String poolFor(String sender) {
    int at = sender == null ? -1 : sender.lastIndexOf('@');
    if (at >= 0) {
      String domain = sender.substring(at + 1).toLowerCase(Locale.ROOT);
      for (EgressPool pool : pools.values()) {
        if (pool.claims(domain)) {
          return pool.name();
        }
      }
    }
    return pools.keySet().iterator().next();
  }

  /**
   * A source of {@code pool} for one connection carrying up to {@code wanted} messages, reserving
   * as many as its cap still allows; when every source is capped, a lease of the overflow pool
   * ({@code OVERFLOW}) or empty ({@code WAIT}: try again at {@link #capsResetAt}).
   */
  public synchronized Optional<EgressLease> lease(String pool, int wanted) {
    if (wanted < 1) {
      throw new IllegalArgumentException("a lease is for at least one message: " + wanted);
    }
    Set<String> tried = new HashSet<>();
    for (EgressPool current = pool(pool); tried.add(current.name()); ) {
      Optional<EgressLease> lease = leaseUncapped(current, wanted);
      if (lease.isPresent()) {
        return lease;
      }
      if (current.whenCapped() == WhenCapped.WAIT) {
        waits.get(current.name()).increment();
        return Optional.empty();
      }
      overflows.get(current.name()).increment();
      LOG.debug("egress pool {} capped; overflowing to {}", current.name(), current.overflowPool());
      current = pools.get(current.overflowPool());
    }
    LOG.warn("egress pools overflowing from {} are all capped (they overflow in a circle)", pool);
    return Optional.empty();
  }

  private Optional<EgressLease> leaseUncapped(EgressPool pool, int wanted) {
    List<EgressSource> open = new ArrayList<>();
    long totalWeight = 0;
    for (EgressSource source : pool.sources()) {
      if (source.remaining(sends.sentToday(source.name())) > 0) {
        open.add(source);
        totalWeight += source.weight();
      }
    }
    if (open.isEmpty()) {
      return Optional.empty();
    }
    long draw = random.nextLong(totalWeight);
    EgressSource chosen = open.get(open.size() - 1);
    for (EgressSource source : open) {
      draw -= source.weight();
      if (draw < 0) {
        chosen = source;
        break;
      }
    }
    int allowed = (int) Math.min(wanted, chosen.remaining(sends.sentToday(chosen.name())));
    sends.add(chosen.name(), allowed);
    return Optional.of(new EgressLease(pool.name(), chosen, allowed, sends.day()));
  }

  /** Returns the {@code unused} part of a lease's reservation to its source's cap. */
  public void giveBack(EgressLease lease, int unused) {
    if (unused < 0 || unused > lease.allowed()) {
      throw new IllegalArgumentException(
          "cannot give back " + unused + " of a lease for " + lease.allowed());
    }
    sends.subtract(lease.source().name(), unused, lease.day());
  }

  /** When the daily caps reset: the next UTC midnight. */
  public Instant capsResetAt() {
    return sends.resetAt();
  }

  /** Messages {@code source} sent or holds reserved today. */
  public long sentToday(String source) {
    return sends.sentToday(source);
  }

  /** How often a connection of {@code pool} found every source capped and waited. */
  public long cappedWaits(String pool) {
    return waits.get(pool).sum();
  }

  /** How often a connection of {@code pool} found every source capped and overflowed. */
  public long overflows(String pool) {
    return overflows.get(pool).sum();
  }

  /** Every source with its count and cap now, pool by pool. */
  public List<SourceStatus> sources() {
    String resetAt = capsResetAt().toString();
    List<SourceStatus> statuses = new ArrayList<>();
    for (EgressPool pool : pools.values()) {
      for (EgressSource s : pool.sources()) {
        long sent = sends.sentToday(s.name());
        statuses.add(
            new SourceStatus(
                pool.name(),
                s.name(),
                s.bindAddress(),
                s.ehloName(),
                s.publicIp(),
                s.weight(),
                sent,
                s.dailyCap(),
                s.remaining(sent) == 0,
                resetAt));
      }
    }
    return statuses;
  }

  private EgressPool pool(String name) {
    EgressPool pool = pools.get(name);
    if (pool == null) {
      throw new IllegalArgumentException("no egress pool " + name);
    }
    return pool;
  }
}
