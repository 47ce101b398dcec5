package io.mailfleet.mta;

import io.mailfleet.mta.admin.MtaMetrics;
import io.mailfleet.mta.admin.SiteAdmin;
import io.mailfleet.mta.bounce.SpoolBounces;
import io.mailfleet.mta.config.DeliveryConfig;
import io.mailfleet.mta.config.MtaConfig;
import io.mailfleet.mta.delivery.DeliveryLog;
import io.mailfleet.mta.delivery.Router;
import io.mailfleet.mta.delivery.SiteDirectory;
import io.mailfleet.mta.delivery.SiteRules;
import io.mailfleet.mta.delivery.SmtpSiteTransport;
import io.mailfleet.mta.egress.DailySends;
import io.mailfleet.mta.egress.DailySendsFile;
import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.queue.DeliveryQueue;
import io.mailfleet.mta.queue.QueueingSpool;
import io.mailfleet.mta.queue.RetrySchedule;
import io.mailfleet.mta.queue.SiteStatus;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpooledMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound half of a running MTA: the delivery queue, fed at start and on every commit. When
 * delivery is paused there is no queue: mail is accepted and stays in the spool.
 */
final class Delivery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final Optional<Router> router;
  private final Optional<SmtpSiteTransport> transport;
  private final Optional<DeliveryQueue> queue;
  private final Spool spool;
  private final EgressPools egress;
  private final DailySendsFile sendsFile;

  private Delivery(
      Optional<Router> router,
      Optional<SmtpSiteTransport> transport,
      Optional<DeliveryQueue> queue,
      Spool spool,
      EgressPools egress,
      DailySendsFile sendsFile) {
    this.router = router;
    this.transport = transport;
    this.queue = queue;
    this.spool = spool;
    this.egress = egress;
    this.sendsFile = sendsFile;
  }

  /** Starts the queue and queues every message the spool recovered, unless delivery is paused. */
  static Delivery start(MtaConfig config, Spool store, MtaMetrics metrics, Clock clock) {
    DeliveryConfig delivery = config.delivery();
    // Sent-today counts per egress source, kept in the spool directory across restarts.
    Path sendsPath = config.spool().directory().resolve(DailySendsFile.NAME);
    DailySends sends = new DailySends(clock, DailySendsFile.read(sendsPath));
    DailySendsFile sendsFile = DailySendsFile.start(sendsPath, sends, Duration.ofSeconds(5));
    EgressPools egress = new EgressPools(delivery.egress(), config.hostname(), sends, new Random());
    if (delivery.paused()) {
      LOG.info("delivery paused: mail is accepted and kept in the spool, not delivered");
      return new Delivery(
          Optional.empty(), Optional.empty(), Optional.empty(), store, egress, sendsFile);
    }
    Router router = new Router(delivery.routes(), delivery.dns(), clock);
    SmtpSiteTransport transport = new SmtpSiteTransport(router, delivery.timeouts(), store);
    DeliveryQueue queue =
        new DeliveryQueue(
            store,
            new SiteDirectory(router, new SiteRules(delivery.shaping())),
            transport,
            RetrySchedule.of(delivery.retry()),
            new DeliveryLog(metrics),
            new SpoolBounces(store, config.hostname(), clock),
            delivery.maxConcurrentDeliveries(),
            clock,
            egress);
    metrics.watchDelivery(queue::poolStats, clock);
    List<SpooledMessage> recovered = store.recover();
    recovered.forEach(queue::enqueue);
    LOG.info("delivery queue started with {} recovered messages", recovered.size());
    return new Delivery(
        Optional.of(router),
        Optional.of(transport),
        Optional.of(queue),
        new QueueingSpool(store, queue),
        egress,
        sendsFile);
  }

  /** The egress pools, for the admin API and metrics. */
  EgressPools egress() {
    return egress;
  }

  /** The sites for the admin API; none while delivery is paused. */
  SiteAdmin sites() {
    return queue
        .<SiteAdmin>map(
            q ->
                new SiteAdmin() {
                  @Override
                  public List<SiteStatus> sites() {
                    return q.sites();
                  }

                  @Override
                  public boolean suspend(String site, Duration duration) {
                    return q.suspend(site, duration);
                  }

                  @Override
                  public boolean resume(String site) {
                    return q.resume(site);
                  }
                })
        .orElse(SiteAdmin.NONE);
  }

  /** The spool that the receiving side writes to: commits also go to the queue. */
  Spool spool() {
    return spool;
  }

  @Override
  public void close() {
    queue.ifPresent(DeliveryQueue::close);
    transport.ifPresent(SmtpSiteTransport::close);
    router.ifPresent(Router::close);
    sendsFile.close();
  }
}
