package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Outbound delivery: where connections come from, how long we wait and retry.
 *
 * @param egress egress pools: the sources outbound connections bind, their EHLO names and caps
 * @param maxConcurrentDeliveries how many outbound SMTP connections may be open at once, over all
 *     sites
 * @param timeouts connect, command and data timeouts
 * @param retry the retry schedule after temporary failures
 * @param routes static routes: recipient domain to smarthost {@code host:port}
 * @param dns the DNS server and how long its answers are kept
 * @param shaping limits per destination site
 * @param paused accept and queue, do not deliver (a DeliveryTier's {@code spec.paused}); queued
 *     mail goes out once the MTA starts unpaused
 * @param tlsCaFile PEM certificates trusted by {@link TlsPolicy#VERIFIED} (a site's {@code shaping}
 *     TLS policy) instead of the JDK's trust store; {@code null} uses the JDK's
 * @param dkim DKIM signing keys; mail whose From domain none covers goes unsigned
 * @param transferPeers host names (or, with a leading dot, host name suffixes) that {@code POST
 *     /api/v1/transfer} may hand the queue to; empty refuses every transfer
 */
public record DeliveryConfig(
    EgressConfig egress,
    int maxConcurrentDeliveries,
    DeliveryTimeouts timeouts,
    RetryConfig retry,
    Map<String, String> routes,
    DnsConfig dns,
    ShapingConfig shaping,
    boolean paused,
    Path tlsCaFile,
    List<DkimKeyConfig> dkim,
    List<String> transferPeers) {

  private static final Pattern TRANSFER_PEER = Pattern.compile("\\.?[A-Za-z0-9][A-Za-z0-9.:-]*");

  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.:\\[\\]-]+:\\d{1,5}");

  public DeliveryConfig {
    requirePresent("egress", egress);
    requireRange("maxConcurrentDeliveries", maxConcurrentDeliveries, 1, 10_000);
    requirePresent("timeouts", timeouts);
    requirePresent("retry", retry);
    routes = routes == null ? Map.of() : Map.copyOf(routes);
    routes.forEach(
        (domain, target) -> {
          if (target == null || !HOST_PORT.matcher(target).matches()) {
            throw new InvalidConfigException("routes." + domain, "must be host:port: " + target);
          }
        });
    requirePresent("dns", dns);
    requirePresent("shaping", shaping);
    dkim = dkim == null ? List.of() : List.copyOf(dkim);
    transferPeers = transferPeers == null ? List.of() : List.copyOf(transferPeers);
    for (int i = 0; i < transferPeers.size(); i++) {
      String peer = transferPeers.get(i);
      if (peer == null || !TRANSFER_PEER.matcher(peer).matches()) {
        throw new InvalidConfigException(
            "transferPeers[" + i + "]", "is not a host name, IP address or .suffix: " + peer);
      }
    }
  }
}
