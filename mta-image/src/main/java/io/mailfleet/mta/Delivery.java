package io.mailfleet.mta;

import io.mailfleet.mta.admin.SiteAdmin;
import io.mailfleet.mta.bounce.SpoolBounces;
import io.mailfleet.mta.config.DeliveryConfig;
import io.mailfleet.mta.config.DkimKeyConfig;
import io.mailfleet.mta.config.MtaConfig;
import io.mailfleet.mta.config.PrivateKeyPem;
import io.mailfleet.mta.delivery.DeliveryLog;
import io.mailfleet.mta.delivery.PeerRelay;
import io.mailfleet.mta.delivery.Router;
import io.mailfleet.mta.delivery.SiteDirectory;
import io.mailfleet.mta.delivery.SiteRules;
import io.mailfleet.mta.delivery.SmtpSiteTransport;
import io.mailfleet.mta.dkim.DkimKey;
import io.mailfleet.mta.dkim.DkimSigner;
import io.mailfleet.mta.egress.DailySends;
import io.mailfleet.mta.egress.DailySendsFile;
import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.queue.DeliveryQueue;
import io.mailfleet.mta.queue.QueueingSpool;
import io.mailfleet.mta.queue.RetrySchedule;
import io.mailfleet.mta.queue.SiteStatus;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpooledMessage;
import io.mailfleet.mta.transfer.PeerTransfers;
import io.mailfleet.mta.transfer.TransferMetrics;
import io.mailfleet.mta.transfer.TransferPeers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound half of a running MTA: the delivery queue, fed at start and on every commit, the
 * egress pools it sends from, and transfers of that queue to a peer. When delivery is paused the
 * queue is held from the start: mail is accepted and queued, never delivered from here, but a
 * transfer can still hand it to a peer.
 */
final class Delivery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  /** How long a transfer waits for deliveries in flight to settle before it gives up. */
  private static final Duration TRANSFER_HOLD_TIMEOUT = Duration.ofSeconds(60);

  private final Router router;
  private final SmtpSiteTransport transport;
  private final DeliveryQueue queue;
  private final PeerTransfers transfers;
  private final Spool spool;
  private final EgressPools egress;
  private final DailySendsFile sendsFile;

  private Delivery(
      Router router,
      SmtpSiteTransport transport,
      DeliveryQueue queue,
      PeerTransfers transfers,
      Spool spool,
      EgressPools egress,
      DailySendsFile sendsFile) {
    this.router = router;
    this.transport = transport;
    this.queue = queue;
    this.transfers = transfers;
    this.spool = spool;
    this.egress = egress;
    this.sendsFile = sendsFile;
  }

  /** Starts the queue (held when delivery is paused) and queues every message the spool holds. */
  static Delivery start(MtaConfig config, Spool store, MtaMetrics metrics, Clock clock)
      throws InterruptedException {
    DeliveryConfig delivery = config.delivery();
    // Sent-today counts per egress source, kept in the spool directory across restarts.
    Path sendsPath = config.spool().directory().resolve(DailySendsFile.NAME);
    DailySends sends = new DailySends(clock, DailySendsFile.read(sendsPath));
    DailySendsFile sendsFile = DailySendsFile.start(sendsPath, sends, Duration.ofSeconds(5));
    EgressPools egress = new EgressPools(delivery.egress(), config.hostname(), sends, new Random());
    Router router = new Router(delivery.routes(), delivery.dns(), clock);
    DeliveryLog log = new DeliveryLog(metrics);
    DkimSigner signer =
        new DkimSigner(delivery.dkim().stream().map(Delivery::dkimKey).toList(), clock, log);
    SmtpSiteTransport transport =
        new SmtpSiteTransport(delivery.timeouts(), store, delivery.tlsCaFile(), signer);
    DeliveryQueue queue =
        new DeliveryQueue(
            store,
            new SiteDirectory(router, new SiteRules(delivery.shaping())),
            transport,
            RetrySchedule.of(delivery.retry()),
            log,
            new SpoolBounces(store, config.hostname(), clock),
            delivery.maxConcurrentDeliveries(),
            clock,
            egress);
    if (delivery.paused()) {
      // Nothing is in flight yet, so this returns at once; no one releases it.
      queue.hold(Duration.ZERO);
      LOG.info(
          "delivery paused: mail is accepted and queued, not delivered (transfer still works)");
    }
    metrics.watchDelivery(queue::poolStats, clock);
    PeerTransfers transfers =
        new PeerTransfers(
            queue,
            new TransferPeers(delivery.transferPeers()),
            delivery.paused(),
            TRANSFER_HOLD_TIMEOUT,
            peer -> new PeerRelay(peer, config.hostname(), delivery.timeouts(), store),
            new TransferMetrics(metrics.registry()),
            clock);
    List<SpooledMessage> recovered = store.recover();
    recovered.forEach(queue::enqueue);
    LOG.info("delivery queue started with {} recovered messages", recovered.size());
    return new Delivery(
        router, transport, queue, transfers, new QueueingSpool(store, queue), egress, sendsFile);
  }

  /** The egress pools, for the admin API and metrics. */
  EgressPools egress() {
    return egress;
  }

  /** The sites, for the admin API. */
  SiteAdmin sites() {
    return new SiteAdmin() {
      @Override
      public List<SiteStatus> sites() {
        return queue.sites();
      }

      @Override
      public boolean suspend(String site, Duration duration) {
        return queue.suspend(site, duration);
      }

      @Override
      public boolean resume(String site) {
        return queue.resume(site);
      }
    };
  }

  /** Transfers of the queue to a peer (the admin API starts them). */
  PeerTransfers transfers() {
    return transfers;
  }

  /** The spool that the receiving side writes to: commits also go to the queue. */
  Spool spool() {
    return spool;
  }

  @Override
  public void close() throws InterruptedException {
    try {
      transfers.close();
    } finally {
      queue.close();
      transport.close();
      router.close();
      sendsFile.close();
    }
  }

  private static DkimKey dkimKey(DkimKeyConfig key) {
    return new DkimKey(
        key.domain(),
        key.selector(),
        PrivateKeyPem.read(key.keyFile()),
        key.senderDomains(),
        Set.copyOf(key.authenticatedUsers()));
  }
}
