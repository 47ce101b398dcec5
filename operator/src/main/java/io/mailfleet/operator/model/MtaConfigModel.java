package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mailfleet.mta.config.AuthConfig;
import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.ConfigWriter;
import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.config.HttpListenerConfig;
import io.mailfleet.mta.config.ListenerConfig;
import io.mailfleet.mta.config.MtaConfig;
import io.mailfleet.mta.config.RelayConfig;
import io.mailfleet.mta.config.SmtpConfig;
import io.mailfleet.mta.config.SmtpLimits;
import io.mailfleet.mta.config.SourceConfig;
import io.mailfleet.mta.config.SpoolConfig;
import io.mailfleet.mta.config.SqsSourceConfig;
import io.mailfleet.mta.config.TlsConfig;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.SqsSource;
import io.mailfleet.operator.api.v1alpha1.TierSource;
import java.nio.file.Path;
import java.util.List;

/**
 * A tier's MTA configuration as the MTA's own records ({@code io.mailfleet.mta.config}), resolved
 * once from the cluster's settings and the tier: the cluster-wide part (hostname, listener, limits,
 * TLS, AUTH, spool, admin port), the tier's shutdown grace and SQS source, and delivery from both
 * ({@link MtaDeliveryModel}). What neither CR says is the MTA's built-in default, taken from the
 * MTA's own defaults file, so the records validate here exactly as the MTA validates them at start.
 *
 * @param config the MTA's configuration
 */
public record MtaConfigModel(MtaConfig config) {

  /** The MTA's built-in defaults: what a field the CRs do not set stays at. */
  static final MtaConfig MTA_DEFAULTS = new ConfigLoader().defaults();

  /** Everything binds in the pod: the Services and the kubelet reach these ports. */
  static final String ANY_ADDRESS = "0.0.0.0";

  /** The tier's admin token, mounted from its Secret: admin and injection take the same one. */
  static final Path ADMIN_TOKEN_FILE = Path.of(MtaPodLayout.adminTokenFile());

  /**
   * Clients that may relay without SMTP AUTH: the private networks pods and VPC peers submit from.
   * Anything arriving from the Internet must authenticate, so the MTA is never an open relay.
   */
  static final List<String> RELAY_NETWORKS =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8");

  /**
   * Peers whose PROXY header is believed: the network load balancer's nodes, which sit in the VPC's
   * private subnets. Until the operator renders the balancer's own subnets, these are the private
   * networks that may relay anyway, so a header from them claims no more than the peer already has;
   * a client reaching the pod from the Internet cannot claim another address.
   */
  static final List<String> LOAD_BALANCER_SOURCES = RELAY_NETWORKS;

  /** The configuration of {@code tier}'s pods. */
  public static MtaConfigModel fromCrd(
      MailClusterSettings cluster, DeliveryTier tier, TierIdentity identity) {
    return new MtaConfigModel(
        new MtaConfig(
            cluster.hostname(),
            smtp(cluster),
            spool(cluster),
            new HttpListenerConfig(
                ANY_ADDRESS,
                cluster.adminPort(),
                MTA_DEFAULTS.admin().maxConnections(),
                MTA_DEFAULTS.admin().idleTimeout(),
                MTA_DEFAULTS.admin().maxRequestBytes(),
                ADMIN_TOKEN_FILE),
            // Injection stays on the pod's loopback; the token guards it should it ever open up.
            MTA_DEFAULTS.inject().withTokenFile(ADMIN_TOKEN_FILE),
            TierPodTiming.drainTimeout(tier),
            MtaDeliveryModel.fromCrd(cluster, tier, identity),
            source(tier)));
  }

  /**
   * The tier's SQS queue, if it names one: its URL and consumer count; the rest (long poll, batch
   * size, back-off, timeouts) is the MTA's default. The region comes from the queue URL or the
   * pod's {@code AWS_REGION}.
   */
  private static SourceConfig source(DeliveryTier tier) {
    TierSource source = tier.getSpec().getSource();
    if (source == null || source.getSqs() == null) {
      return SourceConfig.NONE;
    }
    SqsSource sqs = source.getSqs();
    SqsSourceConfig defaults = SqsSourceConfig.of(sqs.getQueueUrl());
    return new SourceConfig(
        new SqsSourceConfig(
            sqs.getQueueUrl(),
            defaults.region(),
            sqs.getConcurrency() == null ? defaults.concurrency() : sqs.getConcurrency(),
            defaults.maxMessages(),
            defaults.waitTime(),
            defaults.deferFor(),
            defaults.callTimeout()));
  }

  /** The configuration file, for the tier's ConfigMap. */
  public RenderedMtaConfig render() {
    return new RenderedMtaConfig(ConfigWriter.write(config));
  }

  private static SmtpConfig smtp(MailClusterSettings cluster) {
    SmtpConfig mta = MTA_DEFAULTS.smtp();
    SmtpLimits limits = mta.limits();
    return new SmtpConfig(
        List.of(
            new ListenerConfig(
                "smtp",
                ANY_ADDRESS,
                cluster.smtpPort(),
                cluster.proxyProtocol(),
                cluster.proxyProtocol() ? LOAD_BALANCER_SOURCES : List.of(),
                mta.listeners().get(0).proxyHeaderTimeout())),
        new SmtpLimits(
            limits.maxCommandLineLength(),
            limits.maxTextLineLength(),
            cluster.maxMessageSize(),
            cluster.maxRecipients(),
            limits.maxConnections(),
            limits.maxConnectionsPerClient(),
            limits.maxErrors()),
        mta.timeouts(),
        cluster.tls() == null
            ? null
            : new TlsConfig(
                Path.of(MtaPodLayout.TLS_DIR, "tls.crt"), Path.of(MtaPodLayout.TLS_DIR, "tls.key")),
        cluster.auth() == null
            ? null
            : AuthConfig.withDefaults(
                Path.of(MtaPodLayout.AUTH_DIR, MtaPodLayout.AUTH_USERS), true),
        new RelayConfig(RELAY_NETWORKS, true, mta.relay().allowWideRelayNetworks()),
        mta.addMissingHeaders());
  }

  /**
   * The spool on the pod's volume. The free-space floor is the MTA's default, but at most a tenth
   * of the volume: a small volume must still take mail.
   */
  private static SpoolConfig spool(MailClusterSettings cluster) {
    long volumeBytes = new Quantity(cluster.spoolSize()).getNumericalAmount().longValue();
    return new SpoolConfig(
        Path.of(MtaPodLayout.SPOOL_DIR),
        durability(cluster),
        Math.min(SpoolConfig.DEFAULT_MIN_FREE_BYTES, volumeBytes / 10),
        SpoolConfig.DEFAULT_STALLED_AFTER);
  }

  private static Durability durability(MailClusterSettings cluster) {
    return switch (cluster.spoolDurability()) {
      case FSYNC -> Durability.FSYNC;
      case BATCHED -> Durability.BATCHED;
    };
  }
}
