package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.time.Duration;

/**
 * How long the outbound SMTP client waits (RFC 5321 4.5.3.2 suggests minutes, not seconds).
 *
 * @param connect for the TCP connection
 * @param command for each reply to a command (greeting, EHLO, MAIL, RCPT, DATA)
 * @param data for each chunk of content to be written and for the reply after the final dot
 */
public record DeliveryTimeouts(Duration connect, Duration command, Duration data) {

  public DeliveryTimeouts {
    requirePositive("connect", connect);
    requirePositive("command", command);
    requirePositive("data", data);
  }

  private static void requirePositive(String field, Duration value) {
    if (requirePresent(field, value).isZero() || value.isNegative()) {
      throw new InvalidConfigException(field, "must be positive");
    }
  }
}
