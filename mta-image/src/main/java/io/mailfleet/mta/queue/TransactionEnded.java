package io.mailfleet.mta.queue;

import java.util.Map;

/**
 * Hears, on the delivering thread, of each job whose mail transaction ended on an open connection,
 * the moment its final reply arrived: the queue settles it then, so a message the next hop took is
 * completed in the spool at once rather than when the rest of its connection's batch is done (a
 * crash in between would deliver it again).
 */
@FunctionalInterface
public interface TransactionEnded {

  /**
   * The transaction of {@code job} ended with {@code outcomes} (one per recipient), over a
   * connection from {@code source} to {@code remote} (as in {@link BatchResult}).
   */
  void ended(DeliveryJob job, Map<String, DeliveryResult> outcomes, String source, String remote);
}
