package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Outbound delivery: who we say we are, where connections come from, how long we wait and retry.
 *
 * @param ehloName the name sent in EHLO; {@code null} uses {@code hostname}
 * @param sourceAddress the local address outbound connections bind; {@code null} lets the kernel
 *     pick
 * @param maxConcurrentDeliveries how many outbound SMTP connections may be open at once
 * @param maxDeliveriesPerConnection how many messages one connection carries before QUIT
 * @param timeouts connect, command and data timeouts
 * @param retry the retry schedule after temporary failures
 * @param routes static routes: recipient domain to smarthost {@code host:port}
 * @param resolver the DNS server for MX lookups as {@code host:port}; {@code null} uses the
 *     system's resolvers ({@code /etc/resolv.conf})
 * @param paused accept and queue, do not deliver (a DeliveryTier's {@code spec.paused}); queued
 *     mail goes out once the MTA starts unpaused
 * @param tls how outbound connections use STARTTLS
 * @param tlsCaFile PEM certificates trusted by {@link TlsPolicy#VERIFIED} instead of the JDK's
 *     trust store; {@code null} uses the JDK's
 * @param dkim DKIM signing keys; mail whose From domain none covers goes unsigned
 */
public record DeliveryConfig(
    String ehloName,
    String sourceAddress,
    int maxConcurrentDeliveries,
    int maxDeliveriesPerConnection,
    DeliveryTimeouts timeouts,
    RetryConfig retry,
    Map<String, String> routes,
    String resolver,
    boolean paused,
    TlsPolicy tls,
    Path tlsCaFile,
    List<DkimKeyConfig> dkim) {

  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.:\\[\\]-]+:\\d{1,5}");

  public DeliveryConfig {
    if (ehloName != null && !ehloName.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
      throw new InvalidConfigException("ehloName", "is not a domain name: " + ehloName);
    }
    requireRange("maxConcurrentDeliveries", maxConcurrentDeliveries, 1, 10_000);
    requireRange("maxDeliveriesPerConnection", maxDeliveriesPerConnection, 1, 100_000);
    requirePresent("timeouts", timeouts);
    requirePresent("retry", retry);
    routes = routes == null ? Map.of() : Map.copyOf(routes);
    routes.forEach(
        (domain, target) -> {
          if (target == null || !HOST_PORT.matcher(target).matches()) {
            throw new InvalidConfigException("routes." + domain, "must be host:port: " + target);
          }
        });
    if (resolver != null && !HOST_PORT.matcher(resolver).matches()) {
      throw new InvalidConfigException("resolver", "must be host:port: " + resolver);
    }
    requirePresent("tls", tls);
    if (tlsCaFile != null) {
      requireCertificates("tlsCaFile", tlsCaFile);
    }
    dkim = dkim == null ? List.of() : List.copyOf(dkim);
  }

  private static void requireCertificates(String field, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
        throw new InvalidConfigException(field, "holds no PEM certificate: " + file);
      }
    } catch (IOException e) {
      throw new InvalidConfigException(field, "cannot read file " + file);
    } catch (CertificateException e) {
      throw new InvalidConfigException(field, "holds no usable certificate: " + file + ": " + e);
    }
  }
}
