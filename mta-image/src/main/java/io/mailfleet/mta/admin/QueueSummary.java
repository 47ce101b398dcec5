package io.mailfleet.mta.admin;

import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolStats;
import java.time.Duration;
import java.time.Instant;

/**
 * What {@code GET /api/v1/queue} answers; the operator scales tiers on these numbers.
 *
 * @param messages messages accepted and not yet delivered, bounced or expired
 * @param bytes their content bytes
 * @param oldestAgeSeconds age of the oldest of them, 0 when there is none
 * @param draining whether this MTA stopped taking new mail
 */
public record QueueSummary(long messages, long bytes, long oldestAgeSeconds, boolean draining) {

  public QueueSummary {
    if (messages < 0 || bytes < 0 || oldestAgeSeconds < 0) {
      throw new IllegalArgumentException("queue figures must not be negative");
    }
  }

  /** Reads the spool now. */
  public static QueueSummary of(Spool spool, AcceptGate gate, Instant now) {
    SpoolStats stats = spool.stats();
    long oldest =
        spool
            .oldestReceivedAt()
            .map(t -> Math.max(0, Duration.between(t, now).toSeconds()))
            .orElse(0L);
    return new QueueSummary(stats.messages(), stats.bytes(), oldest, gate.isDraining());
  }
}
