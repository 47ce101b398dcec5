package io.mailfleet.mta.queue;

import java.util.List;
import java.util.Map;

/**
 * What one connection did with a batch of jobs to one site: a {@link DeliveryResult} for every
 * recipient of every job, and where the attempt went (for the event log's {@link Attempt}). What a
 * {@link SiteTransport} returns; the queue settles it recipient by recipient.
 *
 * @param outcomes in batch order, one map per job from each recipient to its outcome
 * @param source where the connection came from (bind address / EHLO name), or {@code null}
 * @param remote the next hop that answered ({@code host:port}), or {@code null} when none did
 */
public record BatchResult(
    List<Map<String, DeliveryResult>> outcomes, String source, String remote) {

  public BatchResult {
    outcomes = List.copyOf(outcomes);
  }
}
