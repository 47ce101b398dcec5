package io.mailfleet.mta.queue;

import io.mailfleet.mta.spool.SpooledMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Some recipients of one message, all in one domain, waiting for the same delivery attempt.
 *
 * @param message the spooled message (id, envelope, size)
 * @param domain the recipients' domain, lower case; it names the destination site
 * @param recipients the recipients still to deliver in that domain
 * @param failures how many attempts have failed temporarily so far
 */
public record DeliveryJob(
    SpooledMessage message, String domain, List<String> recipients, int failures) {

  public DeliveryJob {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(domain, "domain");
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a delivery job needs at least one recipient");
    }
    if (failures < 0) {
      throw new IllegalArgumentException("failures must not be negative: " + failures);
    }
  }

  /** The domain of an address ({@code local@domain}), lower case; empty for a bare local part. */
  public static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /** The same outcome for every recipient, in order. */
  public Map<String, DeliveryResult> outcomeForAll(DeliveryResult outcome) {
    Map<String, DeliveryResult> results = new LinkedHashMap<>();
    recipients.forEach(r -> results.put(r, outcome));
    return results;
  }

  /** The same message for fewer recipients, after one more temporary failure. */
  public DeliveryJob retry(List<String> remaining) {
    return new DeliveryJob(message, domain, remaining, failures + 1);
  }
}
