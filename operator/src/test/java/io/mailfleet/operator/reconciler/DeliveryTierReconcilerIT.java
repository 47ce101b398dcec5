package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.metrics.OperatorHttpServer;
import io.mailfleet.operator.model.TierStatefulSetModel;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DeliveryTier and MailCluster reconcilers, in process, against the local API server. */
@LocalCluster
class DeliveryTierReconcilerIT {

  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static InProcessOperator operator;

  @BeforeAll
  static void startOperator(KubernetesClient client) {
    InstalledCrds.apply(client);
    operator = InProcessOperator.start(client);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void quickstartBecomesAnMtaStatefulSetWithOwnedServicesBudgetAndConfig(KubernetesClient client)
      throws IOException {
    try (InputStream quickstart =
        new FileInputStream(repoFile("examples/quickstart.yaml").toFile())) {
      client.load(quickstart).inNamespace(client.getNamespace()).serverSideApply();
    }
    DeliveryTier tier = client.resources(DeliveryTier.class).withName("default").get();

    StatefulSet sts = awaitPresent(client, StatefulSet.class, "default");
    ConfigMap config = awaitPresent(client, ConfigMap.class, "default-mta");
    Service submission = awaitPresent(client, Service.class, "default");
    Service headless = awaitPresent(client, Service.class, "default-pods");
    PodDisruptionBudget pdb = awaitPresent(client, PodDisruptionBudget.class, "default");

    assertThat(List.<HasMetadata>of(sts, config, submission, headless, pdb))
        .allSatisfy(o -> assertThat(ownerUids(o)).containsExactly(tier.getMetadata().getUid()));
    assertThat(sts.getSpec().getReplicas()).as("Auto mode holds minReplicas").isEqualTo(1);
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(InProcessOperator.IMAGE);
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
        .isEqualTo("Retain");
    assertThat(config.getData().get("mta.yaml")).contains("hostname: mx.mail.example.com");
    assertThat(submission.getSpec().getPorts().get(0).getPort()).isEqualTo(25);
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              DeliveryTier seen = client.resources(DeliveryTier.class).withName("default").get();
              assertThat(seen.getStatus()).isNotNull();
              assertThat(seen.getStatus().getSelector())
                  .isEqualTo("app.kubernetes.io/name=mailfleet-mta,mailfleet.io/tier=default");
              assertThat(seen.getStatus().getObservedGeneration())
                  .isEqualTo(seen.getMetadata().getGeneration());
              assertThat(condition(seen.getStatus().getConditions(), "Ready")).isPresent();
            });
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () ->
                assertThat(client.resources(MailCluster.class).withName("mail").get().getStatus())
                    .isNotNull()
                    .satisfies(
                        s ->
                            assertThat(s.getTiers())
                                .extracting(t -> t.getName())
                                .containsExactly("default")));
  }

  @Test
  void changingTheTierChangesTheStatefulSetAndRollsThePods(KubernetesClient client) {
    client.resource(TierFixtures.cluster("changing")).serverSideApply();
    client.resource(TierFixtures.tier("changing", "changing")).serverSideApply();
    StatefulSet before = awaitPresent(client, StatefulSet.class, "changing");

    DeliveryTier changed = TierFixtures.tier("changing", "changing");
    changed.getSpec().setReplicas(3);
    changed.getSpec().getScaling().setDrainTimeout("2m");
    client.resource(changed).serverSideApply();

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              StatefulSet after = client.apps().statefulSets().withName("changing").get();
              assertThat(after.getSpec().getReplicas()).isEqualTo(3);
              assertThat(after.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                  .isEqualTo(150L);
              assertThat(configHash(after)).isNotEqualTo(configHash(before));
            });
    assertThat(client.configMaps().withName("changing-mta").get().getData().get("mta.yaml"))
        .contains("shutdownGrace: 2m");
  }

  @Test
  void tierGetsAnAdminTokenItsPodsMountAndANetworkPolicyAndKeepsTheTokenAcrossReconciles(
      KubernetesClient client) {
    client.resource(TierFixtures.cluster("guarded")).serverSideApply();
    client.resource(TierFixtures.tier("guarded", "guarded")).serverSideApply();
    DeliveryTier tier = client.resources(DeliveryTier.class).withName("guarded").get();

    Secret secret = awaitPresent(client, Secret.class, "guarded-admin-token");
    NetworkPolicy policy = awaitPresent(client, NetworkPolicy.class, "guarded");
    StatefulSet sts = awaitPresent(client, StatefulSet.class, "guarded");

    assertThat(List.<HasMetadata>of(secret, policy))
        .allSatisfy(o -> assertThat(ownerUids(o)).containsExactly(tier.getMetadata().getUid()));
    String token = secret.getData().get("token");
    assertThat(token).isNotBlank();
    assertThat(sts.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("admin-token");
              assertThat(v.getSecret().getSecretName()).isEqualTo("guarded-admin-token");
            });
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("admin-token");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(policy.getSpec().getIngress())
        .anySatisfy(
            rule -> {
              assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
              assertThat(rule.getFrom()).isNotEmpty();
            });

    DeliveryTier changed = TierFixtures.tier("guarded", "guarded");
    changed.getSpec().setReplicas(2);
    client.resource(changed).serverSideApply();
    await()
        .atMost(WITHIN)
        .until(
            () ->
                client.apps().statefulSets().withName("guarded").get().getSpec().getReplicas()
                    == 2);

    Secret after = client.secrets().withName("guarded-admin-token").get();
    assertThat(after.getData().get("token")).as("the token is never rotated").isEqualTo(token);
    assertThat(after.getMetadata().getResourceVersion())
        .as("nor the Secret written again")
        .isEqualTo(secret.getMetadata().getResourceVersion());
  }

  /**
   * A StatefulSet's volume claim templates cannot change, so a new spool size is refused by the API
   * server: the tier says so in Ready and Degraded instead of failing silently, and keeps its
   * selector.
   */
  @Test
  void aChangeTheApiServerRefusesMakesTheTierNotReadyWithTheReason(KubernetesClient client) {
    client.resource(TierFixtures.cluster("resized")).serverSideApply();
    client.resource(TierFixtures.tier("resized", "resized")).serverSideApply();
    awaitPresent(client, StatefulSet.class, "resized");

    MailCluster bigger = TierFixtures.cluster("resized");
    bigger.getSpec().setSpool(new io.mailfleet.operator.api.v1alpha1.SpoolSpec().setSize("30Gi"));
    client.resource(bigger).serverSideApply();

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              DeliveryTier seen = client.resources(DeliveryTier.class).withName("resized").get();
              Condition degraded =
                  condition(seen.getStatus().getConditions(), "Degraded").orElseThrow();
              assertThat(degraded.getStatus()).isEqualTo(ConditionStatus.TRUE);
              assertThat(degraded.getReason()).isEqualTo("ObjectRefused");
              assertThat(degraded.getMessage()).contains("Forbidden");
              Condition ready = condition(seen.getStatus().getConditions(), "Ready").orElseThrow();
              assertThat(ready.getStatus()).isEqualTo(ConditionStatus.FALSE);
              assertThat(ready.getReason()).isEqualTo("ObjectRefused");
              assertThat(ready.getMessage()).contains("change the DeliveryTier or MailCluster");
              assertThat(seen.getStatus().getSelector()).contains("mailfleet.io/tier=resized");
            });
  }

  @Test
  void deletingTheTierGarbageCollectsWhatItOwned(KubernetesClient client) {
    client.resource(TierFixtures.cluster("deleting")).serverSideApply();
    client.resource(TierFixtures.tier("deleting", "deleting")).serverSideApply();
    awaitPresent(client, StatefulSet.class, "deleting");
    awaitPresent(client, ConfigMap.class, "deleting-mta");

    client.resources(DeliveryTier.class).withName("deleting").delete();

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              assertThat(client.apps().statefulSets().withName("deleting").get()).isNull();
              assertThat(client.configMaps().withName("deleting-mta").get()).isNull();
              assertThat(client.services().withName("deleting").get()).isNull();
              assertThat(client.services().withName("deleting-pods").get()).isNull();
              assertThat(client.policy().v1().podDisruptionBudget().withName("deleting").get())
                  .isNull();
              assertThat(client.secrets().withName("deleting-admin-token").get()).isNull();
              assertThat(client.network().v1().networkPolicies().withName("deleting").get())
                  .isNull();
            });
  }

  @Test
  void aMissingClusterIsReportedThenHealsWhenTheClusterIsCreated(KubernetesClient client) {
    client.resource(TierFixtures.tier("orphan", "late")).serverSideApply();

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> assertThat(readyReason(client, "orphan")).isEqualTo("False/ClusterNotFound"));
    assertThat(warnings(client, "orphan")).contains("ClusterNotFound");
    assertThat(client.apps().statefulSets().withName("orphan").get()).isNull();

    client.resource(TierFixtures.cluster("late")).serverSideApply();

    awaitPresent(client, StatefulSet.class, "orphan");
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> assertThat(readyReason(client, "orphan")).isNotEqualTo("False/ClusterNotFound"));
    assertThat(warnings(client, "orphan"))
        .as("one Event per transition")
        .containsOnlyOnce("ClusterNotFound");
  }

  /** Deleting a MailCluster must not take queued mail with it: the tiers' pods keep running. */
  @Test
  void deletingTheClusterLeavesItsTiersRunningAndNotReady(KubernetesClient client) {
    client.resource(TierFixtures.cluster("doomed")).serverSideApply();
    client.resource(TierFixtures.tier("survivor", "doomed")).serverSideApply();
    StatefulSet before = awaitPresent(client, StatefulSet.class, "survivor");

    client.resources(MailCluster.class).withName("doomed").delete();

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> assertThat(readyReason(client, "survivor")).isEqualTo("False/ClusterNotFound"));
    StatefulSet after = client.apps().statefulSets().withName("survivor").get();
    assertThat(after).isNotNull();
    assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(after.getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void aMissingIpPoolIsReportedThenHealsWhenThePoolIsCreated(KubernetesClient client) {
    client.resource(TierFixtures.cluster("pooled")).serverSideApply();
    DeliveryTier tier = TierFixtures.tier("pooled", "pooled");
    tier.getSpec()
        .setIpPoolRef(
            new io.mailfleet.operator.api.v1alpha1.LocalObjectReference().setName("later"));
    client.resource(tier).serverSideApply();

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> assertThat(readyReason(client, "pooled")).isEqualTo("False/IpPoolNotFound"));
    assertThat(warnings(client, "pooled")).contains("IpPoolNotFound");

    client.resource(TierFixtures.pool("later")).serverSideApply();

    awaitPresent(client, StatefulSet.class, "pooled");
  }

  @Test
  void aMissingSecretMakesTheClusterNotReadyWithAnEvent(KubernetesClient client) {
    MailCluster cluster = TierFixtures.cluster("secretless");
    cluster
        .getSpec()
        .setInbound(
            new io.mailfleet.operator.api.v1alpha1.InboundSpec()
                .setTls(
                    new io.mailfleet.operator.api.v1alpha1.SecretReference()
                        .setSecretName("no-such-tls")));
    client.resource(cluster).serverSideApply();

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              MailCluster seen = client.resources(MailCluster.class).withName("secretless").get();
              assertThat(seen.getStatus()).isNotNull();
              Condition ready = condition(seen.getStatus().getConditions(), "Ready").orElseThrow();
              assertThat(ready.getStatus()).isEqualTo(ConditionStatus.FALSE);
              assertThat(ready.getReason()).isEqualTo("SecretNotFound");
              assertThat(ready.getMessage()).contains("no-such-tls");
            });
    assertThat(warnings(client, "secretless")).contains("SecretNotFound");
  }

  @Test
  void endpointsReportReadinessAndMetricsOfTheRunningOperator(KubernetesClient client)
      throws Exception {
    client.resource(TierFixtures.cluster("observed")).serverSideApply();
    client.resource(TierFixtures.tier("observed", "observed")).serverSideApply();
    awaitPresent(client, StatefulSet.class, "observed");

    try (OperatorHttpServer http =
        OperatorHttpServer.start(0, operator.registry(), operator::runtimeInfo)) {
      HttpClient web = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + http.port();

      assertThat(get(web, base + "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(web, base + "/readyz").statusCode()).isEqualTo(200);
      await()
          .atMost(WITHIN)
          .untilAsserted(
              () ->
                  assertThat(get(web, base + "/metrics").body())
                      .contains(
                          "mailfleet_operator_reconciliations_total{controller=\"deliverytier\"}")
                      .contains(
                          "mailfleet_operator_resources{kind=\"DeliveryTier\",ready=\"false\"}")
                      .contains("mailfleet_operator_reconcile_duration_seconds_bucket"));
    }
  }

  private static HttpResponse<String> get(HttpClient web, String url) throws Exception {
    return web.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T extends HasMetadata> T awaitPresent(
      KubernetesClient client, Class<T> kind, String name) {
    return await()
        .atMost(WITHIN)
        .until(() -> client.resources(kind).withName(name).get(), java.util.Objects::nonNull);
  }

  private static List<String> ownerUids(HasMetadata object) {
    return object.getMetadata().getOwnerReferences().stream().map(OwnerReference::getUid).toList();
  }

  private static String configHash(StatefulSet sts) {
    return sts.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(TierStatefulSetModel.CONFIG_HASH_ANNOTATION);
  }

  private static String readyReason(KubernetesClient client, String tier) {
    DeliveryTier seen = client.resources(DeliveryTier.class).withName(tier).get();
    return Optional.ofNullable(seen.getStatus())
        .flatMap(s -> condition(s.getConditions(), "Ready"))
        .map(c -> (c.getStatus() == ConditionStatus.TRUE ? "True" : "False") + "/" + c.getReason())
        .orElse("none");
  }

  private static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Reasons of the Warning Events about {@code name}, joined, one per Event. */
  private static String warnings(KubernetesClient client, String name) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Warning".equals(e.getType()))
        .map(Event::getReason)
        .reduce("", (a, b) -> a + " " + b);
  }

  private static Path repoFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
