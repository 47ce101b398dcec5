package io.mailfleet.mta.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * One MX record: a mail exchanger and its preference (lower is tried first).
 *
 * @param preference 0 to 65535
 * @param exchange the host name, without the trailing dot; {@code ""} for the root (null MX)
 */
public record MxRecord(int preference, String exchange) {

  public MxRecord {
    Objects.requireNonNull(exchange, "exchange");
    if (preference < 0 || preference > 65535) {
      throw new IllegalArgumentException("MX preference out of range: " + preference);
    }
    exchange = exchange.endsWith(".") ? exchange.substring(0, exchange.length() - 1) : exchange;
  }

  /** True for RFC 7505's null MX: the domain accepts no mail. */
  public boolean isNull() {
    return exchange.isEmpty();
  }

  /**
   * True when the answer declares the domain accepts no mail: a single null MX (RFC 7505 3: a null
   * MX among other records is invalid, and we then ignore the null one).
   */
  public static boolean declaresNoService(List<MxRecord> records) {
    return records.size() == 1 && records.get(0).isNull();
  }

  /**
   * The exchangers in the order to try them (RFC 5321 5.1): by preference, equal preferences in
   * random order to spread load; null MX records left out; each host once.
   */
  public static List<String> inOrder(List<MxRecord> records, RandomGenerator random) {
    List<MxRecord> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(random.nextLong()));
    shuffled.sort(Comparator.comparingInt(MxRecord::preference));
    return shuffled.stream()
        .filter(mx -> !mx.isNull())
        .map(mx -> mx.exchange().toLowerCase(Locale.ROOT))
        .distinct()
        .toList();
  }

  /**
   * The exchangers' host names sorted, each once, null MX left out; {@code domain} itself when
   * there are none (RFC 5321 5.1's implicit MX). Domains with the same list share a site.
   */
  public static List<String> exchangers(List<MxRecord> records, String domain) {
    List<String> hosts =
        records.stream()
            .filter(mx -> !mx.isNull())
            .map(mx -> mx.exchange().toLowerCase(Locale.ROOT))
            .distinct()
            .sorted()
            .toList();
    return hosts.isEmpty() ? List.of(domain.toLowerCase(Locale.ROOT)) : hosts;
  }
}
