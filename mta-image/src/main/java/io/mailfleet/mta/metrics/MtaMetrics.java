package io.mailfleet.mta.metrics;

import io.mailfleet.mta.intake.Ingress;
import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.queue.PoolStats;
import io.mailfleet.mta.queue.RecipientDisposition;
import io.mailfleet.mta.spool.SpoolCondition;
import io.mailfleet.mta.spool.SpoolObserver;
import io.mailfleet.mta.spool.SpoolStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The MTA's Prometheus metrics. Every label has a closed set of values ({@link Ingress}, {@link
 * RejectReason}, egress pool names, configured site names or {@code other}); nothing per sender,
 * recipient or domain. Thread-safe: record from any thread.
 */
public final class MtaMetrics implements SpoolObserver {

  private static final double[] SECONDS_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };
  private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats = ExpositionFormats.init();
  private volatile Supplier<SpoolStats> spoolStats = () -> new SpoolStats(0, 0);
  private volatile LongSupplier spoolFreeBytes = () -> 0;
  private volatile Supplier<SpoolCondition> spoolCondition = () -> SpoolCondition.WRITABLE;
  private volatile Supplier<List<PoolStats>> poolStats = List::of;
  private volatile Clock clock = Clock.systemUTC();

  private final Gauge connections =
      Gauge.builder()
          .name("mailfleet_mta_connections_open")
          .help("SMTP connections open now")
          .register(registry);
  private final Counter connectionsTotal =
      Counter.builder()
          .name("mailfleet_mta_connections_accepted_total")
          .help("SMTP connections accepted since start")
          .register(registry);
  private final Counter received =
      Counter.builder()
          .name("mailfleet_mta_messages_received_total")
          .help("Messages durably accepted (250 or 202 sent)")
          .labelNames("ingress")
          .register(registry);
  private final Counter receivedBytes =
      Counter.builder()
          .name("mailfleet_mta_received_bytes_total")
          .help("Content bytes of durably accepted messages")
          .labelNames("ingress")
          .register(registry);
  private final Counter rejected =
      Counter.builder()
          .name("mailfleet_mta_messages_rejected_total")
          .help("Commands, transactions or connections refused, by reason")
          .labelNames("ingress", "reason")
          .register(registry);
  private final Counter httpRefused =
      Counter.builder()
          .name("mailfleet_mta_http_requests_refused_total")
          .help("Admin or injection API requests refused for a missing or wrong bearer token")
          .labelNames("listener", "reason")
          .register(registry);
  private final Histogram transactionLatency =
      Histogram.builder()
          .name("mailfleet_mta_transaction_duration_seconds")
          .unit(Unit.SECONDS)
          .help("From the end of the message data to the durable acknowledgement")
          .labelNames("ingress")
          .classicOnly()
          .classicUpperBounds(SECONDS_BUCKETS)
          .register(registry);
  private final Histogram fsyncLatency =
      Histogram.builder()
          .name("mailfleet_mta_spool_fsync_duration_seconds")
          .unit(Unit.SECONDS)
          .help("Time of one spool fsync")
          .classicOnly()
          .classicUpperBounds(SECONDS_BUCKETS)
          .register(registry);
  private final Histogram fsyncBatch =
      Histogram.builder()
          .name("mailfleet_mta_spool_fsync_batch_size")
          .help("Commits made durable by one fsync (group commit)")
          .classicOnly()
          .classicUpperBounds(BATCH_BUCKETS)
          .register(registry);
  private final Counter spoolUnreadableRanges =
      Counter.builder()
          .name("mailfleet_mta_spool_unreadable_ranges_total")
          .help("Byte ranges of acknowledged spool records that recovery could not read")
          .register(registry);
  private final Counter spoolUnreadableBytes =
      Counter.builder()
          .name("mailfleet_mta_spool_unreadable_bytes_total")
          .help("Bytes of acknowledged spool records that recovery could not read")
          .register(registry);

  private final Counter recipients =
      Counter.builder()
          .name("mailfleet_mta_delivery_recipients_total")
          .help(
              "Recipients by outcome of a delivery attempt (delivered, deferred, bounced, expired)")
          .labelNames("outcome", "pool")
          .register(registry);
  private final Histogram deliveryLatency =
      Histogram.builder()
          .name("mailfleet_mta_delivery_latency_seconds")
          .unit(Unit.SECONDS)
          .help("From reception to delivery, per delivered recipient")
          .classicOnly()
          .classicUpperBounds(0.1, 0.5, 1, 5, 30, 60, 300, 900, 3600, 14400, 86400, 259200)
          .register(registry);

  private final Counter dkimUnsigned =
      Counter.builder()
          .name("mailfleet_mta_dkim_unsigned_total")
          .help(
              "Messages a configured DKIM key covered but did not sign, by signing domain and"
                  + " reason (sender_not_allowed: the envelope sender or AUTH user may not use it)")
          .labelNames("domain", "reason")
          .register(registry);

  private final Counter spoolWriteFailures =
      Counter.builder()
          .name("mailfleet_mta_spool_write_failures_total")
          .help("Spool writes or fsyncs that failed (full or broken volume); each is tried again")
          .register(registry);

  /** Registers the metrics in a registry of their own (no JVM-global state, so tests can run). */
  public MtaMetrics() {
    registerSpoolVolumeGauges();
    GaugeWithCallback.builder()
        .name("mailfleet_mta_spool_messages")
        .help("Committed messages in the spool not yet completed")
        .callback(cb -> cb.call(spoolStats.get().messages()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mailfleet_mta_spool_bytes")
        .help("Content bytes of the messages in the spool")
        .callback(cb -> cb.call(spoolStats.get().bytes()))
        .register(registry);
    registerPoolGauges();
  }

  private void registerSpoolVolumeGauges() {
    GaugeWithCallback.builder()
        .name("mailfleet_mta_spool_free_bytes")
        .help("Free space on the spool's volume")
        .unit(Unit.BYTES)
        .callback(cb -> cb.call(spoolFreeBytes.getAsLong()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mailfleet_mta_spool_refusing")
        .help("1 while new mail is refused because the spool's free space is below its floor")
        .callback(cb -> cb.call(flag(spoolCondition.get() == SpoolCondition.LOW_ON_SPACE)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mailfleet_mta_spool_writes_failing")
        .help("1 while the spool's last write or fsync failed (commits answer 451 4.3.0)")
        .callback(cb -> cb.call(flag(spoolCondition.get() == SpoolCondition.WRITES_FAILING)))
        .register(registry);
  }

  private static double flag(boolean on) {
    return on ? 1 : 0;
  }

  private void registerPoolGauges() {
    GaugeWithCallback.builder()
        .name("mailfleet_mta_delivery_queue_messages")
        .help("Messages with recipients still to deliver, by egress pool")
        .labelNames("pool")
        .callback(cb -> poolStats.get().forEach(p -> cb.call(p.messages(), p.pool())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mailfleet_mta_delivery_oldest_message_age_seconds")
        .help("Age of the oldest message with recipients still to deliver, by egress pool")
        .unit(Unit.SECONDS)
        .labelNames("pool")
        .callback(
            cb -> {
              Instant now = clock.instant();
              poolStats
                  .get()
                  .forEach(
                      p ->
                          cb.call(
                              p.oldestReceivedAt()
                                  .map(t -> Math.max(0, seconds(Duration.between(t, now))))
                                  .orElse(0.0),
                              p.pool()));
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("mailfleet_mta_delivery_connections_open")
        .help("Outbound SMTP connections open (or starting) now, by egress pool")
        .labelNames("pool")
        .callback(cb -> poolStats.get().forEach(p -> cb.call(p.connections(), p.pool())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("mailfleet_mta_delivery_sites_suspended")
        .help("Sites suspended now, by egress pool and site (configured name, or other)")
        .labelNames("pool", "site")
        .callback(
            cb ->
                poolStats
                    .get()
                    .forEach(
                        p -> p.suspendedSites().forEach((site, n) -> cb.call(n, p.pool(), site))))
        .register(registry);
  }

  /** Reports the delivery queue's figures per egress pool on every scrape. */
  public void watchDelivery(Supplier<List<PoolStats>> stats, Clock clock) {
    this.poolStats = Objects.requireNonNull(stats, "stats");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Reports the spool's counts on every scrape. */
  public void watchSpool(Supplier<SpoolStats> stats) {
    this.spoolStats = Objects.requireNonNull(stats, "stats");
  }

  /** Reports the spool volume's free space and whether the spool refuses mail, on every scrape. */
  public void watchSpoolVolume(LongSupplier freeBytes, Supplier<SpoolCondition> condition) {
    this.spoolFreeBytes = Objects.requireNonNull(freeBytes, "freeBytes");
    this.spoolCondition = Objects.requireNonNull(condition, "condition");
  }

  @Override
  public void writeFailed() {
    spoolWriteFailures.inc();
  }

  /** An SMTP connection was accepted. */
  public void connectionOpened() {
    connections.inc();
    connectionsTotal.inc();
  }

  /** An SMTP connection closed, for whatever reason. */
  public void connectionClosed() {
    connections.dec();
  }

  /** A message was durably accepted. */
  public void messageReceived(Ingress ingress, long bytes) {
    received.labelValues(label(ingress)).inc();
    receivedBytes.labelValues(label(ingress)).inc(bytes);
  }

  /** A command, transaction or connection was refused. */
  public void messageRejected(Ingress ingress, RejectReason reason) {
    rejected.labelValues(label(ingress), reason.name().toLowerCase(Locale.ROOT)).inc();
  }

  /**
   * An HTTP request was refused for its credential.
   *
   * @param listener {@code admin} or {@code inject}
   * @param reason {@code missing_token} or {@code wrong_token}
   */
  public void httpRequestRefused(String listener, String reason) {
    httpRefused.labelValues(listener, reason).inc();
  }

  /** Time from the end of data to the durable acknowledgement. */
  public void transactionCompleted(Ingress ingress, Duration latency) {
    transactionLatency.labelValues(label(ingress)).observe(seconds(latency));
  }

  @Override
  public void fsynced(Duration latency, int batchSize) {
    fsyncLatency.observe(seconds(latency));
    fsyncBatch.observe(batchSize);
  }

  @Override
  public void quarantined(int unreadableRanges, long unreadableBytes) {
    spoolUnreadableRanges.inc(unreadableRanges);
    spoolUnreadableBytes.inc(unreadableBytes);
  }

  /** The registry, for tests and for adding process metrics. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** The exposition format the scraper asked for in its {@code Accept} header. */
  public ExpositionFormatWriter writerFor(String acceptHeader) {
    return formats.findWriter(acceptHeader);
  }

  /** Writes one scrape in the given format. */
  public void scrapeTo(OutputStream out, ExpositionFormatWriter writer) throws IOException {
    writer.write(out, registry.scrape());
  }

  /**
   * One recipient's outcome in egress {@code pool}; {@code queueTime} feeds the latency histogram
   * when delivered.
   */
  public void recipientOutcome(RecipientDisposition disposition, String pool, Duration queueTime) {
    recipients.labelValues(disposition.name().toLowerCase(Locale.ROOT), pool).inc();
    if (disposition == RecipientDisposition.DELIVERED) {
      deliveryLatency.observe(seconds(queueTime));
    }
  }

  /**
   * A message the key for {@code signingDomain} (a configured key, so the label stays bounded) did
   * not sign, for {@code reason}.
   */
  public void dkimUnsigned(String signingDomain, String reason) {
    dkimUnsigned.labelValues(signingDomain, reason).inc();
  }

  private static String label(Ingress ingress) {
    return ingress.name().toLowerCase(Locale.ROOT);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
