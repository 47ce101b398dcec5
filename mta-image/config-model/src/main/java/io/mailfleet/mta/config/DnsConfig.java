package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How the MTA asks DNS for mail exchangers and addresses, and how long it keeps the answers.
 *
 * @param resolver the DNS server as {@code host:port}; {@code null} uses the system's resolvers
 *     ({@code /etc/resolv.conf})
 * @param minTtl the shortest time an answer is kept, whatever its TTL says
 * @param maxTtl the longest time an answer is kept, whatever its TTL says
 * @param negativeTtl how long "no such domain" and "no address" answers are kept
 */
public record DnsConfig(String resolver, Duration minTtl, Duration maxTtl, Duration negativeTtl) {

  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.:\\[\\]-]+:\\d{1,5}");

  public DnsConfig {
    if (resolver != null && !HOST_PORT.matcher(resolver).matches()) {
      throw new InvalidConfigException("resolver", "must be host:port: " + resolver);
    }
    if (requirePresent("minTtl", minTtl).isNegative()) {
      throw new InvalidConfigException("minTtl", "must not be negative");
    }
    if (requirePresent("maxTtl", maxTtl).compareTo(minTtl) < 0) {
      throw new InvalidConfigException("maxTtl", "must not be shorter than minTtl");
    }
    if (requirePresent("negativeTtl", negativeTtl).isNegative()) {
      throw new InvalidConfigException("negativeTtl", "must not be negative");
    }
  }

  /** {@code ttl} clamped to [{@link #minTtl}, {@link #maxTtl}]. */
  public Duration clamp(Duration ttl) {
    return ttl.compareTo(minTtl) < 0 ? minTtl : ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl;
  }
}
