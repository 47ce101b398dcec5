package io.mailfleet.mta.egress;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The right to send up to {@code allowed} messages over one connection from {@code source}; what
 * the connection does not use goes back with {@link EgressPools#giveBack}.
 *
 * @param pool the pool the source belongs to (the overflow pool when the asked one was capped)
 * @param source where the connection comes from
 * @param allowed messages reserved against the source's cap for today
 * @param day the UTC day the reservation counts on
 */
public record EgressLease(String pool, EgressSource source, int allowed, LocalDate day) {

  public EgressLease {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(day, "day");
    if (allowed < 1) {
      throw new IllegalArgumentException("a lease allows at least one message: " + allowed);
    }
  }
}
