package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.DkimKeyConfig;
import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.config.MtaConfig;
import io.mailfleet.mta.config.ShapingLimits;
import io.mailfleet.mta.config.SiteShaping;
import io.mailfleet.mta.config.SqsSourceConfig;
import io.mailfleet.mta.config.SuspensionRule;
import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.operator.api.v1alpha1.DeliveryDefaults;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DkimKeySpec;
import io.mailfleet.operator.api.v1alpha1.InboundSpec;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.RetryPolicy;
import io.mailfleet.operator.api.v1alpha1.SecretReference;
import io.mailfleet.operator.api.v1alpha1.ShapingLimitsSpec;
import io.mailfleet.operator.api.v1alpha1.SiteShapingSpec;
import io.mailfleet.operator.api.v1alpha1.SpoolDurability;
import io.mailfleet.operator.api.v1alpha1.SpoolSpec;
import io.mailfleet.operator.api.v1alpha1.SqsSource;
import io.mailfleet.operator.api.v1alpha1.StaticRoute;
import io.mailfleet.operator.api.v1alpha1.SuspensionRuleSpec;
import io.mailfleet.operator.api.v1alpha1.TierSource;
import io.mailfleet.operator.api.v1alpha1.TlsPolicySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The MTA configuration file rendered for a tier, read back by the MTA's own loader. */
class MtaConfigModelTest {

  private static final ConfigLoader MTA = new ConfigLoader();

  /** The file the tier's pods get, as the MTA reads it (every check but the mounted files). */
  private static MtaConfig rendered(MailCluster cluster, DeliveryTier tier) {
    return MTA.parse("mta.yaml", TierFixtures.model(cluster, tier).config().yaml());
  }

  private static MtaConfig rendered(Consumer<MailCluster> change) {
    MailCluster cluster = TierFixtures.cluster();
    change.accept(cluster);
    return rendered(cluster, TierFixtures.tier());
  }

  /** Every shape of configuration the operator renders. */
  static Stream<Arguments> shapes() {
    return Stream.of(
        shape("schema defaults", c -> {}, t -> {}),
        shape(
            "limits, proxy protocol and batched spool",
            MtaConfigModelTest::limitsProxyAndBatchedSpool,
            t -> {}),
        shape("STARTTLS", c -> c.getSpec().setInbound(withTls()), t -> {}),
        shape(
            "STARTTLS and AUTH",
            c -> c.getSpec().setInbound(withTls().setAuth(secret("smtp-users"))),
            t -> {}),
        shape("DKIM keys", c -> c.getSpec().setDelivery(withDkim()), t -> {}),
        shape("static routes", c -> c.getSpec().setDelivery(withRoute()), t -> {}),
        shape(
            "cluster shaping and tier sites",
            c -> c.getSpec().setDelivery(new DeliveryDefaults().setShaping(clusterShaping())),
            t -> t.getSpec().setShaping(List.of(googleSite()))),
        shape(
            "tier sites over the MTA's shaping",
            c -> {},
            t -> t.getSpec().setShaping(List.of(googleSite()))),
        shape(
            "cluster retry with tier overrides",
            c -> c.getSpec().setDelivery(withRetry()),
            t -> t.getSpec().setRetry(new RetryPolicy().setMaxAge("1h"))),
        shape(
            "tier retry alone",
            c -> {},
            t -> t.getSpec().setRetry(new RetryPolicy().setSchedule(List.of("1m", "1h")))),
        shape("paused tier", c -> {}, t -> t.getSpec().setPaused(true)),
        shape("drain timeout", c -> {}, t -> t.getSpec().getScaling().setDrainTimeout("2m")),
        shape("SQS source", c -> {}, MtaConfigModelTest::withSqsSource),
        shape(
            "everything at once",
            c -> {
              c.getSpec()
                  .setInbound(withTls().setAuth(secret("smtp-users")).setProxyProtocol(true));
              c.getSpec()
                  .setDelivery(
                      withDkim()
                          .setRoutes(withRoute().getRoutes())
                          .setRetry(withRetry().getRetry())
                          .setShaping(clusterShaping()));
            },
            t -> {
              t.getSpec().setShaping(List.of(googleSite()));
              t.getSpec().setRetry(new RetryPolicy().setMaxAge("1h"));
              t.getSpec().setPaused(true);
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void everyRenderedShapeIsReadByTheMtaAsTheOperatorBuiltIt(
      String what, Consumer<MailCluster> clusterChange, Consumer<DeliveryTier> tierChange) {
    MailCluster cluster = TierFixtures.cluster();
    clusterChange.accept(cluster);
    DeliveryTier tier = TierFixtures.tier();
    tierChange.accept(tier);
    MailClusterSettings settings = MailClusterSettings.fromCrd(cluster);
    MtaConfig built =
        MtaConfigModel.fromCrd(settings, tier, TierFixtures.model(cluster, tier).identity())
            .config();

    assertThat(rendered(cluster, tier)).isEqualTo(built);
  }

  /**
   * The MTA's loader checks the files a config names only in the pod ({@code ConfigLoader.load});
   * here each must be a key of a Secret volume mounted where the config looks for it.
   */
  @Test
  void everyFileTheConfigNamesIsASecretKeyThePodMounts() {
    MailCluster cluster = TierFixtures.cluster();
    cluster.getSpec().setInbound(withTls().setAuth(secret("smtp-users")));
    cluster.getSpec().setDelivery(withDkim());
    DeliveryTierModel model = TierFixtures.model(cluster, TierFixtures.tier());
    MtaConfig config = MTA.parse("mta.yaml", model.config().yaml());
    List<Path> files = new ArrayList<>();
    files.add(config.smtp().tls().certificateFile());
    files.add(config.smtp().tls().privateKeyFile());
    files.add(config.smtp().auth().usersFile());
    config.delivery().dkim().forEach(k -> files.add(k.keyFile()));
    files.add(config.admin().tokenFile());
    files.add(config.inject().tokenFile());
    PodSpec pod = model.statefulSet().getSpec().getTemplate().getSpec();

    assertThat(files)
        .hasSize(6)
        .allSatisfy(
            file -> {
              VolumeMount mount =
                  pod.getContainers().get(0).getVolumeMounts().stream()
                      .filter(m -> Path.of(m.getMountPath()).equals(file.getParent()))
                      .findFirst()
                      .orElseThrow(() -> new AssertionError("no mount holds " + file));
              SecretVolumeSource secret =
                  pod.getVolumes().stream()
                      .filter(v -> v.getName().equals(mount.getName()))
                      .findFirst()
                      .orElseThrow()
                      .getSecret();
              assertThat(secret).as(file.toString()).isNotNull();
              if (secret.getItems() != null && !secret.getItems().isEmpty()) {
                assertThat(secret.getItems())
                    .as(file.toString())
                    .anyMatch(i -> i.getPath().equals(file.getFileName().toString()));
              }
            });
  }

  @Test
  void schemaDefaultsListenOnEveryAddressWithTheSchemasPortsAndLimits() {
    MtaConfig config = rendered(c -> {});

    assertThat(config.hostname()).isEqualTo("mx.mail.example.com");
    assertThat(config.smtp().listeners())
        .singleElement()
        .satisfies(l -> assertThat(l.address()).isEqualTo("0.0.0.0"))
        .satisfies(l -> assertThat(l.port()).isEqualTo(2525))
        .satisfies(l -> assertThat(l.proxyProtocol()).isFalse())
        .satisfies(l -> assertThat(l.trustedProxies()).isEmpty());
    assertThat(config.smtp().limits().maxMessageSize()).isEqualTo(25L * 1024 * 1024);
    assertThat(config.smtp().limits().maxRecipients()).isEqualTo(100);
    assertThat(config.spool().directory()).isEqualTo(Path.of("/var/spool/mailfleet"));
    assertThat(config.spool().durability()).isEqualTo(Durability.FSYNC);
    assertThat(config.spool().minFreeBytes())
        .as("the MTA's floor fits the default 20Gi volume")
        .isEqualTo(128L << 20);
    assertThat(config.admin().address()).isEqualTo("0.0.0.0");
    assertThat(config.admin().port()).isEqualTo(8080);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.smtp().tls()).isNull();
    assertThat(config.smtp().auth()).isNull();
  }

  @Test
  void tierWithoutSqsSourceReadsNoQueue() {
    assertThat(rendered(c -> {}).source().sqs()).isNull();
  }

  @Test
  void tiersSqsQueueAndConcurrencyReachTheMtaWithItsDefaultsForTheRest() {
    DeliveryTier tier = TierFixtures.tier();
    withSqsSource(tier);

    SqsSourceConfig sqs = rendered(TierFixtures.cluster(), tier).source().sqs();

    assertThat(sqs.queueUrl()).isEqualTo(SQS_QUEUE);
    assertThat(sqs.concurrency()).isEqualTo(6);
    assertThat(sqs.region()).isNull();
    assertThat(sqs.waitTime()).isEqualTo(Duration.ofSeconds(20));
    assertThat(sqs.maxMessages()).isEqualTo(10);
  }

  @Test
  void sqsSourceWithoutConcurrencyTakesTheMtasDefault() {
    DeliveryTier tier = TierFixtures.tier();
    tier.getSpec().setSource(new TierSource().setSqs(new SqsSource().setQueueUrl(SQS_QUEUE)));

    assertThat(rendered(TierFixtures.cluster(), tier).source().sqs().concurrency()).isEqualTo(4);
  }

  @Test
  void adminAndInjectionTakeOnlyTheTiersMountedToken() {
    MtaConfig config = rendered(c -> {});

    assertThat(config.admin().tokenFile()).isEqualTo(Path.of("/etc/mailfleet/admin-token/token"));
    assertThat(config.inject().tokenFile()).isEqualTo(config.admin().tokenFile());
    assertThat(config.inject().address())
        .as("injection stays on the pod's loopback")
        .isEqualTo("127.0.0.1");
  }

  @Test
  void clusterLimitsProxyProtocolAndBatchedSpoolBecomeMtaSettings() {
    MtaConfig config = rendered(MtaConfigModelTest::limitsProxyAndBatchedSpool);

    assertThat(config.smtp().limits().maxMessageSize()).isEqualTo(10L * 1024 * 1024);
    assertThat(config.smtp().limits().maxRecipients()).isEqualTo(500);
    assertThat(config.smtp().listeners().get(0).proxyProtocol()).isTrue();
    assertThat(config.smtp().listeners().get(0).trustedProxies())
        .as("PROXY headers are believed only from the private networks the balancer sits in")
        .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8");
    assertThat(config.spool().durability()).isEqualTo(Durability.BATCHED);
  }

  @Test
  void smallSpoolVolumeGetsAFloorOfATenthOfItsSize() {
    MtaConfig config = rendered(c -> c.getSpec().setSpool(new SpoolSpec().setSize("500Mi")));

    assertThat(config.spool().minFreeBytes()).isEqualTo((500L << 20) / 10);
  }

  @Test
  void startTlsAndAuthReadTheMountedSecretsAndAuthWaitsForTls() {
    MtaConfig config =
        rendered(c -> c.getSpec().setInbound(withTls().setAuth(secret("smtp-users"))));

    assertThat(config.smtp().tls().certificateFile())
        .isEqualTo(Path.of("/etc/mailfleet/tls/tls.crt"));
    assertThat(config.smtp().tls().privateKeyFile())
        .isEqualTo(Path.of("/etc/mailfleet/tls/tls.key"));
    assertThat(config.smtp().auth().usersFile()).isEqualTo(Path.of("/etc/mailfleet/auth/users"));
    assertThat(config.smtp().auth().requireTls()).isTrue();
  }

  @Test
  void relayWithoutAuthIsOpenOnlyToPrivateNetworks() {
    assertThat(rendered(c -> {}).smtp().relay().networks())
        .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8");
  }

  @Test
  void theTierDrainTimeoutIsTheMtaShutdownGrace() {
    DeliveryTier tier = TierFixtures.tier();
    tier.getSpec().getScaling().setDrainTimeout("2m");

    assertThat(rendered(TierFixtures.cluster(), tier).shutdownGrace())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void clusterStaticRoutesBecomeTheMtaRoutes() {
    assertThat(rendered(c -> c.getSpec().setDelivery(withRoute())).delivery().routes())
        .containsExactlyEntriesOf(java.util.Map.of("relay.example.com", "smart:587"));
  }

  @Test
  void pausedTierAcceptsButDoesNotDeliver() {
    DeliveryTier tier = TierFixtures.tier();
    MtaConfig running = rendered(TierFixtures.cluster(), tier);
    tier.getSpec().setPaused(true);

    assertThat(running.delivery().paused()).isFalse();
    assertThat(rendered(TierFixtures.cluster(), tier).delivery().paused()).isTrue();
  }

  @Test
  void tierRetryOverridesTheClusterFieldByFieldAndTheMtaKeepsTheRest() {
    MailCluster cluster = TierFixtures.cluster();
    cluster.getSpec().setDelivery(withRetry());
    DeliveryTier tier = TierFixtures.tier();
    MtaConfig clusterOnly = rendered(cluster, tier);
    tier.getSpec().setRetry(new RetryPolicy().setMaxAge("1h"));
    MtaConfig overridden = rendered(cluster, tier);

    assertThat(clusterOnly.delivery().retry().schedule())
        .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(90));
    assertThat(clusterOnly.delivery().retry().maxAge()).isEqualTo(Duration.ofHours(72));
    assertThat(overridden.delivery().retry().schedule())
        .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(90));
    assertThat(overridden.delivery().retry().maxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(overridden.delivery().retry().jitter())
        .isEqualTo(MtaConfigModel.MTA_DEFAULTS.delivery().retry().jitter());
  }

  @Test
  void transfersMayGoOnlyToTheTiersOwnPods() {
    assertThat(rendered(c -> {}).delivery().transferPeers())
        .containsExactly(".bulk-pods.mail-eu.svc", ".bulk-pods.mail-eu.svc.cluster.local");
  }

  @Test
  void dkimKeysAreReadFromTheMountedSecrets() {
    assertThat(rendered(c -> c.getSpec().setDelivery(withDkim())).delivery().dkim())
        .containsExactly(
            DkimKeyConfig.ownDomain(
                "example.com", "s2026", Path.of("/etc/mailfleet/dkim/dkim-example/private.key")));
  }

  @Test
  void dkimKeySignsForItsOwnDomainUnlessItsAllowedSendersAreListed() {
    DeliveryDefaults delivery = withDkim();
    delivery
        .getDkim()
        .add(
            new DkimKeySpec()
                .setDomain("example.com")
                .setSelector("shared")
                .setSecretName("dkim-example")
                .setSenderDomains(List.of("tenant.example"))
                .setAuthenticatedUsers(List.of("relay-user")));

    List<DkimKeyConfig> keys = rendered(c -> c.getSpec().setDelivery(delivery)).delivery().dkim();

    assertThat(keys.get(0).senderDomains()).containsExactly("example.com");
    assertThat(keys.get(0).authenticatedUsers()).isEmpty();
    assertThat(keys.get(1).senderDomains()).containsExactly("tenant.example");
    assertThat(keys.get(1).authenticatedUsers()).containsExactly("relay-user");
  }

  @Test
  void clusterShapingIsTheDefaultAndTierSitesKeepOnlyTheLimitsTheySet() {
    MailCluster cluster = TierFixtures.cluster();
    cluster
        .getSpec()
        .setDelivery(
            new DeliveryDefaults()
                .setShaping(
                    new ShapingLimitsSpec().setMaxConnections(20).setDeliveriesPerConnection(50)));
    DeliveryTier tier = TierFixtures.tier();
    tier.getSpec().setShaping(List.of(googleSite()));

    var shaping = rendered(cluster, tier).delivery().shaping();

    assertThat(shaping.defaults())
        .as("unset cluster fields keep the MTA's defaults")
        .isEqualTo(new ShapingLimits(20, 50, null, null, null, TlsPolicy.OPPORTUNISTIC));
    assertThat(shaping.sites())
        .containsExactly(
            new SiteShaping(
                "google",
                List.of(),
                List.of(".google.com"),
                new ShapingLimits(5, null, 3600, null, 60, TlsPolicy.REQUIRED),
                new SuspensionRule(8, null, null, Duration.ofMinutes(90))));
  }

  private static final String SQS_QUEUE =
      "https://sqs.eu-west-1.amazonaws.com/123456789012/bulk-mail";

  private static void withSqsSource(DeliveryTier tier) {
    tier.getSpec()
        .setSource(
            new TierSource().setSqs(new SqsSource().setQueueUrl(SQS_QUEUE).setConcurrency(6)));
  }

  private static Arguments shape(
      String what, Consumer<MailCluster> cluster, Consumer<DeliveryTier> tier) {
    return Arguments.of(what, cluster, tier);
  }

  private static void limitsProxyAndBatchedSpool(MailCluster cluster) {
    cluster
        .getSpec()
        .setInbound(
            new InboundSpec()
                .setMaxMessageSize("10Mi")
                .setMaxRecipients(500)
                .setProxyProtocol(true));
    cluster.getSpec().setSpool(new SpoolSpec().setDurability(SpoolDurability.BATCHED));
  }

  private static SecretReference secret(String name) {
    return new SecretReference().setSecretName(name);
  }

  private static InboundSpec withTls() {
    return new InboundSpec().setTls(secret("mx-tls"));
  }

  private static DeliveryDefaults withDkim() {
    return new DeliveryDefaults()
        .setDkim(
            new ArrayList<>(
                List.of(
                    new DkimKeySpec()
                        .setDomain("example.com")
                        .setSelector("s2026")
                        .setSecretName("dkim-example"))));
  }

  private static DeliveryDefaults withRoute() {
    return new DeliveryDefaults()
        .setRoutes(
            List.of(new StaticRoute().setDomain("relay.example.com").setTarget("smart:587")));
  }

  private static DeliveryDefaults withRetry() {
    return new DeliveryDefaults()
        .setRetry(new RetryPolicy().setSchedule(List.of("5m", "1h30m")).setMaxAge("72h"));
  }

  private static ShapingLimitsSpec clusterShaping() {
    return new ShapingLimitsSpec()
        .setMaxConnections(20)
        .setDeliveriesPerConnection(100)
        .setMessagesPerHour(1000)
        .setMessagesPerMinute(100)
        .setTls(TlsPolicySpec.OPPORTUNISTIC);
  }

  private static SiteShapingSpec googleSite() {
    return new SiteShapingSpec()
        .setName("google")
        .setMxSuffixes(List.of(".google.com"))
        .setLimits(
            new ShapingLimitsSpec()
                .setMaxConnections(5)
                .setMessagesPerHour(3600)
                .setConnectionsPerMinute(60)
                .setTls(TlsPolicySpec.REQUIRED))
        .setSuspension(new SuspensionRuleSpec().setConsecutiveDeferrals(8).setSuspendFor("1h30m"));
  }
}
