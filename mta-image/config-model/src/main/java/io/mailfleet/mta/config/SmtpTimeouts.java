package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.time.Duration;

/**
 * How long the server waits for a silent client (RFC 5321 4.5.3.2) before it replies 421 and
 * closes.
 *
 * @param command waiting for the next command (RFC 5321 4.5.3.2.7: at least 5 minutes)
 * @param dataBlock waiting for more message data once DATA was accepted (the client's side uses 3
 *     minutes per block, RFC 5321 4.5.3.2.5)
 */
public record SmtpTimeouts(Duration command, Duration dataBlock) {

  public SmtpTimeouts {
    requirePositive("command", command);
    requirePositive("dataBlock", dataBlock);
  }

  private static void requirePositive(String field, Duration value) {
    if (requirePresent(field, value).isNegative() || value.isZero()) {
      throw new InvalidConfigException(field, "must be positive, was " + value);
    }
  }
}
