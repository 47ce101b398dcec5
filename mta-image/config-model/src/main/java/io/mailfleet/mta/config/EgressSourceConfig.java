package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireNotBlank;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

import java.util.regex.Pattern;

/**
 * One egress source: a local address outbound connections bind and the name they give in EHLO.
 *
 * @param name the source's name, unique across pools (metrics and the admin API use it)
 * @param bindAddress the local IP address to bind; {@code null} lets the kernel pick
 * @param ehloName the name sent in EHLO; {@code null} uses {@code hostname}
 * @param publicIp the public IP the bind address maps to (an Elastic IP), for reporting only
 * @param weight the source's share of its pool's connections, relative to its siblings (default 1)
 * @param dailyCap how many messages it may send per UTC day (warm-up); {@code null}: no cap
 */
public record EgressSourceConfig(
    String name,
    String bindAddress,
    String ehloName,
    String publicIp,
    Integer weight,
    Long dailyCap) {

  static final Pattern DOMAIN_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
  private static final Pattern IP_LITERAL =
      Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public EgressSourceConfig {
    requireNotBlank("name", name);
    requireIp("bindAddress", bindAddress);
    requireIp("publicIp", publicIp);
    if (ehloName != null && !DOMAIN_NAME.matcher(ehloName).matches()) {
      throw new InvalidConfigException("ehloName", "is not a domain name: " + ehloName);
    }
    weight = weight == null ? 1 : weight;
    requireRange("weight", weight, 1, 1_000_000);
    if (dailyCap != null) {
      requireRange("dailyCap", dailyCap, 0, Long.MAX_VALUE);
    }
  }

  private static void requireIp(String field, String value) {
    if (value != null && !IP_LITERAL.matcher(value).matches()) {
      throw new InvalidConfigException(field, "is not an IP address: " + value);
    }
  }
}
