package io.mailfleet.mta;

import io.mailfleet.mta.admin.AdminServer;
import io.mailfleet.mta.config.MtaConfig;
import io.mailfleet.mta.config.SmtpConfig;
import io.mailfleet.mta.dkim.RelaxedBodyDigest;
import io.mailfleet.mta.inject.InjectServer;
import io.mailfleet.mta.inject.SqsSource;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.intake.Ingress;
import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.metrics.EgressMetrics;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.policy.RelayPolicy;
import io.mailfleet.mta.policy.SmtpPolicies;
import io.mailfleet.mta.smtp.SmtpMetrics;
import io.mailfleet.mta.smtp.SmtpServer;
import io.mailfleet.mta.smtp.SmtpServerContext;
import io.mailfleet.mta.smtp.SmtpUsers;
import io.mailfleet.mta.smtp.StartTlsContext;
import io.mailfleet.mta.smtp.command.SmtpCommands;
import io.mailfleet.mta.spool.ContentDigest;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import io.mailfleet.mta.spool.Spool;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running MTA: the spool, the delivery queue (fed with what the spool recovered and with every
 * commit), the SMTP server, the injection API, the SQS source (when configured) and the admin
 * server, started in that order and stopped in reverse, with in-flight transactions allowed to
 * finish.
 */
public final class Mta implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Mta.class);

  private final MtaConfig config;
  private final AcceptGate gate;
  private final FileSpool spool;
  private final SmtpServer smtp;
  private final List<InetSocketAddress> smtpAddresses;
  private final InjectServer inject;
  private final SqsSource sqs;
  private final AdminServer admin;
  private final Delivery delivery;
  private boolean stopped;

  private Mta(
      MtaConfig config,
      AcceptGate gate,
      FileSpool spool,
      SmtpServer smtp,
      List<InetSocketAddress> smtpAddresses,
      InjectServer inject,
      SqsSource sqs,
      AdminServer admin,
      Delivery delivery) {
    this.config = config;
    this.gate = gate;
    this.spool = spool;
    this.smtp = smtp;
    this.smtpAddresses = smtpAddresses;
    this.inject = inject;
    this.sqs = sqs;
    this.admin = admin;
    this.delivery = delivery;
  }

  /** Opens the spool (recovering what it holds) and starts every listener. */
  public static Mta start(MtaConfig config) throws InterruptedException {
    Clock clock = Clock.systemUTC();
    MtaMetrics metrics = new MtaMetrics();
    AcceptGate gate = new AcceptGate();
    FileSpool fileSpool =
        FileSpool.open(
            FileSpoolOptions.of(config.spool().directory(), config.spool().durability())
                .withFailureLimits(config.spool().minFreeBytes(), config.spool().stalledAfter())
                // With keys, the DKIM body hash is taken as mail comes in (ADR 0028).
                .withContentDigest(
                    config.delivery().dkim().isEmpty()
                        ? ContentDigest.NONE
                        : RelaxedBodyDigest::new),
            metrics);
    metrics.watchSpool(fileSpool::stats);
    metrics.watchSpoolVolume(fileSpool::freeBytes, fileSpool::condition);
    Delivery delivery = Delivery.start(config, fileSpool, metrics, clock);
    EgressMetrics.register(metrics.registry(), delivery.egress());
    Spool spool = delivery.spool();
    SmtpServer smtp = null;
    InjectServer inject = null;
    SqsSource sqs = null;
    try {
      SmtpServerContext smtpContext = smtpContext(config, spool, metrics, gate, clock);
      smtp = new SmtpServer(smtpContext, SmtpCommands.standard(smtpContext));
      List<InetSocketAddress> smtpAddresses = smtp.start();
      inject =
          InjectServer.start(
              config.inject(),
              config.smtp().limits().maxMessageSize(),
              spool,
              metrics,
              gate,
              clock);
      sqs =
          config.source().sqs() == null
              ? null
              : SqsSource.start(
                  config.source().sqs(),
                  config.smtp().limits().maxMessageSize(),
                  spool,
                  metrics,
                  gate,
                  clock);
      AdminServer admin =
          AdminServer.start(
              config.admin(),
              spool,
              metrics,
              gate,
              clock,
              delivery.egress()::sources,
              delivery.sites(),
              delivery.transfers());
      LOG.info(
          "mailfleet MTA {} up: SMTP {}, injection port {}, admin port {}",
          config.hostname(),
          smtpAddresses,
          inject.port(),
          admin.port());
      return new Mta(config, gate, fileSpool, smtp, smtpAddresses, inject, sqs, admin, delivery);
    } catch (InterruptedException | RuntimeException e) {
      if (sqs != null) {
        sqs.close();
      }
      if (inject != null) {
        inject.close();
      }
      if (smtp != null) {
        smtp.close();
      }
      delivery.close();
      fileSpool.close();
      throw e;
    }
  }

  private static SmtpServerContext smtpContext(
      MtaConfig config, Spool spool, MtaMetrics metrics, AcceptGate gate, Clock clock) {
    SmtpConfig smtp = config.smtp();
    RelayPolicy relay =
        new RelayPolicy(smtp.relay().clientNetworks(), smtp.relay().authenticatedUsers());
    return new SmtpServerContext(
        config.hostname(),
        smtp,
        SmtpPolicies.relayOnly(relay),
        spool,
        smtp.tls() == null ? null : StartTlsContext.load(smtp.tls()),
        smtp.auth() == null ? null : SmtpUsers.load(smtp.auth().usersFile()),
        smtpMetrics(metrics),
        gate,
        clock);
  }

  /** Feeds the SMTP server's reports into the Prometheus metrics. */
  private static SmtpMetrics smtpMetrics(MtaMetrics metrics) {
    return new SmtpMetrics() {
      @Override
      public void connectionOpened() {
        metrics.connectionOpened();
      }

      @Override
      public void connectionClosed() {
        metrics.connectionClosed();
      }

      @Override
      public void messageReceived(long bytes, Duration commitLatency) {
        metrics.messageReceived(Ingress.SMTP, bytes);
        metrics.transactionCompleted(Ingress.SMTP, commitLatency);
      }

      @Override
      public void rejected(RejectReason reason) {
        metrics.messageRejected(Ingress.SMTP, reason);
      }
    };
  }

  /** The bound SMTP listener addresses, in configuration order. */
  public List<InetSocketAddress> smtpAddresses() {
    return smtpAddresses;
  }

  /** The bound injection API port. */
  public int injectPort() {
    return inject.port();
  }

  /** The bound admin port. */
  public int adminPort() {
    return admin.port();
  }

  /**
   * Stops taking mail (readiness goes false), lets SMTP transactions and SQS batches in flight
   * finish within the configured grace, then closes the listeners and the spool, which flushes what
   * it holds. Returns whether every SMTP session and SQS batch finished in time.
   */
  public synchronized boolean shutdown() throws InterruptedException {
    if (stopped) {
      return true;
    }
    stopped = true;
    gate.shutDown();
    Duration grace = config.shutdownGrace();
    LOG.info("shutting down: draining SMTP sessions and SQS consumers for up to {}", grace);
    // Consumers finish the batch in hand (commit, then delete) while SMTP sessions finish theirs:
    // one grace for both, so the pod's termination grace still covers the whole shutdown.
    long deadline = System.nanoTime() + grace.toNanos();
    boolean drained = sqs == null || sqs.stop(grace);
    drained &= smtp.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    inject.close();
    smtp.close();
    delivery.close();
    spool.close();
    admin.close();
    LOG.info("shut down{}", drained ? "" : " (some SMTP sessions or SQS batches were cut off)");
    return drained;
  }

  @Override
  public void close() throws InterruptedException {
    shutdown();
  }
}
