package io.mailfleet.mta;

import io.mailfleet.mta.admin.MtaMetrics;
import io.mailfleet.mta.bounce.SpoolBounces;
import io.mailfleet.mta.config.DeliveryConfig;
import io.mailfleet.mta.config.MtaConfig;
import io.mailfleet.mta.delivery.DeliveryLog;
import io.mailfleet.mta.delivery.EgressSource;
import io.mailfleet.mta.delivery.PeerRelay;
import io.mailfleet.mta.delivery.SmtpSiteTransport;
import io.mailfleet.mta.queue.DeliveryQueue;
import io.mailfleet.mta.queue.QueueingSpool;
import io.mailfleet.mta.queue.RetrySchedule;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpooledMessage;
import io.mailfleet.mta.transfer.PeerTransfers;
import io.mailfleet.mta.transfer.TransferMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound half of a running MTA: the delivery queue, fed at start and on every commit, and
 * transfers of that queue to a peer. When delivery is paused the queue is held from the start: mail
 * is accepted and queued, never delivered from here, but a transfer can still hand it to a peer.
 */
final class Delivery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  /** How long a transfer waits for deliveries in flight to settle before it gives up. */
  private static final Duration TRANSFER_HOLD_TIMEOUT = Duration.ofSeconds(60);

  private final SmtpSiteTransport transport;
  private final DeliveryQueue queue;
  private final PeerTransfers transfers;
  private final Spool spool;

  private Delivery(
      SmtpSiteTransport transport, DeliveryQueue queue, PeerTransfers transfers, Spool spool) {
    this.transport = transport;
    this.queue = queue;
    this.transfers = transfers;
    this.spool = spool;
  }

  /** Starts the queue (held when delivery is paused) and queues every message the spool holds. */
  static Delivery start(MtaConfig config, Spool store, MtaMetrics metrics, Clock clock)
      throws InterruptedException {
    DeliveryConfig delivery = config.delivery();
    EgressSource source =
        new EgressSource(
            delivery.sourceAddress(),
            delivery.ehloName() == null ? config.hostname() : delivery.ehloName());
    SmtpSiteTransport transport =
        new SmtpSiteTransport(
            delivery.routes(), delivery.resolver(), source, delivery.timeouts(), store);
    DeliveryQueue queue =
        new DeliveryQueue(
            store,
            transport,
            RetrySchedule.of(delivery.retry()),
            new DeliveryLog(metrics),
            new SpoolBounces(store, config.hostname(), clock),
            delivery.maxConcurrentDeliveries(),
            delivery.maxDeliveriesPerConnection(),
            clock);
    if (delivery.paused()) {
      // Nothing is in flight yet, so this returns at once; no one releases it.
      queue.hold(Duration.ZERO);
      LOG.info(
          "delivery paused: mail is accepted and queued, not delivered (transfer still works)");
    }
    PeerTransfers transfers =
        new PeerTransfers(
            queue,
            delivery.paused(),
            TRANSFER_HOLD_TIMEOUT,
            peer -> new PeerRelay(peer, config.hostname(), delivery.timeouts(), store),
            new TransferMetrics(metrics.registry()),
            clock);
    List<SpooledMessage> recovered = store.recover();
    recovered.forEach(queue::enqueue);
    LOG.info("delivery queue started with {} recovered messages", recovered.size());
    return new Delivery(transport, queue, transfers, new QueueingSpool(store, queue));
  }

  /** The spool that the receiving side writes to: commits also go to the queue. */
  Spool spool() {
    return spool;
  }

  /** Transfers of the queue to a peer (the admin API starts them). */
  PeerTransfers transfers() {
    return transfers;
  }

  @Override
  public void close() throws InterruptedException {
    try {
      transfers.close();
    } finally {
      queue.close();
      transport.close();
    }
  }
}
