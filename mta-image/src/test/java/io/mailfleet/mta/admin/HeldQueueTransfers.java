package io.mailfleet.mta.admin;

import io.mailfleet.mta.config.DeliveryTimeouts;
import io.mailfleet.mta.delivery.PeerRelay;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.queue.DeliveryListener;
import io.mailfleet.mta.queue.DeliveryQueue;
import io.mailfleet.mta.queue.RetrySchedule;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.transfer.PeerTransfers;
import io.mailfleet.mta.transfer.TransferMetrics;
import io.mailfleet.mta.transfer.TransferPeers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Transfers of a real delivery queue that is held from the start (delivery paused), over {@code
 * spool}, relaying with real SMTP connections: what the admin API drives in a paused MTA.
 */
final class HeldQueueTransfers implements AutoCloseable {

  private static final Duration SHORT = Duration.ofSeconds(5);

  final DeliveryQueue queue;
  final PeerTransfers transfers;

  HeldQueueTransfers(Spool spool, MtaMetrics metrics) throws InterruptedException {
    queue =
        new DeliveryQueue(
            spool,
            domain -> {
              throw new AssertionError("a held queue routes nothing");
            },
            (plan, batch, ended) -> {
              throw new AssertionError("a held queue delivers nothing");
            },
            new RetrySchedule(List.of(SHORT), 0, Duration.ofDays(1)),
            DeliveryListener.NONE,
            (job, failures) -> Optional.empty(),
            1,
            Clock.systemUTC());
    queue.hold(Duration.ZERO);
    transfers =
        new PeerTransfers(
            queue,
            new TransferPeers(List.of("127.0.0.1")),
            true,
            SHORT,
            peer ->
                new PeerRelay(peer, "admin.test", new DeliveryTimeouts(SHORT, SHORT, SHORT), spool),
            new TransferMetrics(metrics.registry()),
            Clock.systemUTC());
  }

  @Override
  public void close() throws InterruptedException {
    try {
      transfers.close();
    } finally {
      queue.close();
    }
  }
}
