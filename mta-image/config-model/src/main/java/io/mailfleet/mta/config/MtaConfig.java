package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireNotBlank;
import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.time.Duration;

/**
 * The whole MTA configuration, as read from the YAML file over the built-in defaults.
 *
 * @param hostname this MTA's name in the SMTP greeting, EHLO reply and Received headers
 * @param smtp the SMTP server
 * @param spool the message store
 * @param admin the admin HTTP listener (health, metrics, queue, drain)
 * @param inject the HTTP injection API listener
 * @param shutdownGrace how long in-flight transactions may take to finish after SIGTERM
 * @param delivery outbound delivery (routes, timeouts, retries)
 * @param source where mail comes from besides the listeners (an SQS queue)
 */
public record MtaConfig(
    String hostname,
    SmtpConfig smtp,
    SpoolConfig spool,
    HttpListenerConfig admin,
    HttpListenerConfig inject,
    Duration shutdownGrace,
    DeliveryConfig delivery,
    SourceConfig source) {

  public MtaConfig {
    requireNotBlank("hostname", hostname);
    if (!hostname.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
      throw new InvalidConfigException("hostname", "is not a domain name: " + hostname);
    }
    requirePresent("smtp", smtp);
    requirePresent("spool", spool);
    requirePresent("admin", admin);
    requirePresent("inject", inject);
    if (requirePresent("shutdownGrace", shutdownGrace).isNegative()) {
      throw new InvalidConfigException("shutdownGrace", "must not be negative");
    }
    requirePresent("delivery", delivery);
    requirePresent("source", source);
  }
}
