package io.mailfleet.mta;

import io.mailfleet.mta.admin.MtaMetrics;
import io.mailfleet.mta.bounce.SpoolBounces;
import io.mailfleet.mta.config.DeliveryConfig;
import io.mailfleet.mta.config.MtaConfig;
import io.mailfleet.mta.delivery.DeliveryLog;
import io.mailfleet.mta.delivery.EgressSource;
import io.mailfleet.mta.delivery.SmtpSiteTransport;
import io.mailfleet.mta.dkim.DkimKey;
import io.mailfleet.mta.dkim.DkimSigner;
import io.mailfleet.mta.dkim.PrivateKeyPem;
import io.mailfleet.mta.queue.DeliveryQueue;
import io.mailfleet.mta.queue.QueueingSpool;
import io.mailfleet.mta.queue.RetrySchedule;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpooledMessage;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound half of a running MTA: the delivery queue, fed at start and on every commit. When
 * delivery is paused there is no queue: mail is accepted and stays in the spool.
 */
final class Delivery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final Optional<SmtpSiteTransport> transport;
  private final Optional<DeliveryQueue> queue;
  private final Spool spool;

  private Delivery(
      Optional<SmtpSiteTransport> transport, Optional<DeliveryQueue> queue, Spool spool) {
    this.transport = transport;
    this.queue = queue;
    this.spool = spool;
  }

  /** Starts the queue and queues every message the spool recovered, unless delivery is paused. */
  static Delivery start(MtaConfig config, Spool store, MtaMetrics metrics, Clock clock) {
    DeliveryConfig delivery = config.delivery();
    if (delivery.paused()) {
      LOG.info("delivery paused: mail is accepted and kept in the spool, not delivered");
      return new Delivery(Optional.empty(), Optional.empty(), store);
    }
    EgressSource source =
        new EgressSource(
            delivery.sourceAddress(),
            delivery.ehloName() == null ? config.hostname() : delivery.ehloName());
    SmtpSiteTransport transport =
        new SmtpSiteTransport(
            delivery.routes(),
            delivery.resolver(),
            source,
            delivery.timeouts(),
            store,
            delivery.tls(),
            delivery.tlsCaFile(),
            new DkimSigner(
                delivery.dkim().stream()
                    .map(
                        k -> new DkimKey(k.domain(), k.selector(), PrivateKeyPem.read(k.keyFile())))
                    .toList(),
                clock));
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
    List<SpooledMessage> recovered = store.recover();
    recovered.forEach(queue::enqueue);
    LOG.info("delivery queue started with {} recovered messages", recovered.size());
    return new Delivery(
        Optional.of(transport), Optional.of(queue), new QueueingSpool(store, queue));
  }

  /** The spool that the receiving side writes to: commits also go to the queue. */
  Spool spool() {
    return spool;
  }

  @Override
  public void close() {
    queue.ifPresent(DeliveryQueue::close);
    transport.ifPresent(SmtpSiteTransport::close);
  }
}
