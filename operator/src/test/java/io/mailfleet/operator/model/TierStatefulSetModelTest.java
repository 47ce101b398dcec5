package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mailfleet.operator.api.v1alpha1.DeliveryDefaults;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DkimKeySpec;
import io.mailfleet.operator.api.v1alpha1.InboundSpec;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.ScalingMode;
import io.mailfleet.operator.api.v1alpha1.SecretReference;
import io.mailfleet.operator.api.v1alpha1.SpoolSpec;
import io.mailfleet.operator.api.v1alpha1.SqsSource;
import io.mailfleet.operator.api.v1alpha1.TierSource;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The StatefulSet a DeliveryTier becomes. */
class TierStatefulSetModelTest {

  @Test
  void podsKeepTheirSpoolClaimWhenTheTierShrinksOrIsDeleted() {
    StatefulSet sts = TierFixtures.model().statefulSet();

    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
        .isEqualTo("Retain");
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
        .isEqualTo("Retain");
    assertThat(sts.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(
            claim -> {
              assertThat(claim.getMetadata().getName()).isEqualTo("spool");
              assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
              assertThat(claim.getSpec().getResources().getRequests())
                  .containsEntry("storage", new Quantity("20Gi"));
              assertThat(claim.getSpec().getStorageClassName()).isNull();
            });
    assertThat(container(sts).getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("spool");
              assertThat(m.getMountPath()).isEqualTo(MtaPodLayout.SPOOL_DIR);
            });
  }

  @Test
  void podsStartInParallelBehindTheHeadlessService() {
    StatefulSet sts = TierFixtures.model().statefulSet();

    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(sts.getSpec().getServiceName()).isEqualTo("bulk-pods");
    assertThat(sts.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "app.kubernetes.io/name", "mailfleet-mta", "mailfleet.io/tier", "bulk"));
    assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(sts.getSpec().getSelector().getMatchLabels())
        .containsEntry("mailfleet.io/cluster", "mail")
        .containsEntry("app.kubernetes.io/managed-by", "mailfleet-operator");
  }

  @Test
  void probesAskTheMtaAdminPortAndPreStopDrains() {
    Container mta = container(TierFixtures.model().statefulSet());

    assertThat(mta.getPorts())
        .anySatisfy(
            p -> {
              assertThat(p.getName()).isEqualTo("admin");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(mta.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(mta.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(mta.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(mta.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
    assertThat(mta.getLifecycle().getPreStop().getExec().getCommand())
        .containsExactlyElementsOf(
            MtaPodLayout.drainCommand(8080, "/etc/mailfleet/admin-token/token"));
    assertThat(mta.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("MAILFLEET_MTA_CONFIG");
              assertThat(e.getValue()).isEqualTo("/etc/mailfleet/mta/mta.yaml");
            });
  }

  @Test
  void writableMountsLeaveReadOnlyUnsetAsTheApiServerStoresThem() {
    // A false readOnly is dropped by the API server: desired and stored StatefulSets would always
    // differ, and each reconcile would apply the StatefulSet again.
    assertThat(container(TierFixtures.model().statefulSet()).getVolumeMounts())
        .extracting(m -> m.getMountPath() + " " + m.getReadOnly())
        .contains(MtaPodLayout.SPOOL_DIR + " null", MtaPodLayout.TMP_DIR + " null")
        .noneMatch(m -> m.endsWith(" false"));
  }

  @Test
  void theTiersAdminTokenSecretIsMountedReadOnlyWhereTheDrainHookReadsIt() {
    PodSpec pod = TierFixtures.model().statefulSet().getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("admin-token"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getSecret().getSecretName()).isEqualTo("bulk-admin-token");
              assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440);
              assertThat(v.getSecret().getItems())
                  .singleElement()
                  .satisfies(i -> assertThat(i.getKey()).isEqualTo("token"));
            });
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getName().equals("admin-token"))
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/etc/mailfleet/admin-token"))
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(
            String.join(
                " ", pod.getContainers().get(0).getLifecycle().getPreStop().getExec().getCommand()))
        .contains("/etc/mailfleet/admin-token/token", "Authorization: Bearer");
  }

  @Test
  void podsRunUnderTheRestrictedPodSecurityStandard() {
    StatefulSet sts = TierFixtures.model().statefulSet();
    PodSpec pod = sts.getSpec().getTemplate().getSpec();
    Container mta = container(sts);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(mta.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(mta.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(mta.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(mta.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(mta.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void podsSpreadAcrossZonesAndNodesWithoutRefusingASmallCluster() {
    PodSpec pod = TierFixtures.model().statefulSet().getSpec().getTemplate().getSpec();

    assertThat(pod.getTopologySpreadConstraints())
        .extracting(c -> c.getTopologyKey() + "/" + c.getWhenUnsatisfiable())
        .containsExactly(
            "topology.kubernetes.io/zone/ScheduleAnyway", "kubernetes.io/hostname/ScheduleAnyway");
  }

  static Stream<Arguments> replicas() {
    return Stream.of(
        Arguments.of("Auto mode holds minReplicas", ScalingMode.AUTO, 5, 2),
        Arguments.of("External mode follows spec.replicas", ScalingMode.EXTERNAL, 5, 5),
        Arguments.of("External mode scaled to zero", ScalingMode.EXTERNAL, 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replicas")
  void replicasFollowTheScalingMode(String what, ScalingMode mode, int specReplicas, int expected) {
    DeliveryTier tier = TierFixtures.tier();
    tier.getSpec().setReplicas(specReplicas);
    tier.getSpec().getScaling().setMode(mode);

    assertThat(
            TierFixtures.model(TierFixtures.cluster(), tier).statefulSet().getSpec().getReplicas())
        .isEqualTo(expected);
  }

  static Stream<Arguments> graceFromDrainTimeout() {
    return Stream.of(
        Arguments.of("10m", 630L), Arguments.of("45s", 75L), Arguments.of("1h30m", 5430L));
  }

  @ParameterizedTest(name = "drainTimeout {0} gives {1}s")
  @MethodSource("graceFromDrainTimeout")
  void terminationGraceIsTheDrainTimeoutPlusAMargin(String drainTimeout, long expectedSeconds) {
    DeliveryTier tier = TierFixtures.tier();
    tier.getSpec().getScaling().setDrainTimeout(drainTimeout);

    StatefulSet sts = TierFixtures.model(TierFixtures.cluster(), tier).statefulSet();

    assertThat(sts.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(expectedSeconds);
  }

  static Stream<Arguments> clusterSettings() {
    return Stream.<Arguments>of(
        Arguments.of(
            "image pinned on the cluster",
            (Consumer<MailCluster>) c -> c.getSpec().setImage("registry.example.com/mta:1.2"),
            (Consumer<StatefulSet>)
                s -> assertThat(container(s).getImage()).isEqualTo("registry.example.com/mta:1.2")),
        Arguments.of(
            "operator default image",
            (Consumer<MailCluster>) c -> {},
            (Consumer<StatefulSet>)
                s -> assertThat(container(s).getImage()).isEqualTo(TierFixtures.IMAGE)),
        Arguments.of(
            "storage class and size of the spool",
            (Consumer<MailCluster>)
                c ->
                    c.getSpec()
                        .setSpool(new SpoolSpec().setStorageClassName("gp3").setSize("50Gi")),
            (Consumer<StatefulSet>)
                s -> {
                  var claim = s.getSpec().getVolumeClaimTemplates().get(0).getSpec();
                  assertThat(claim.getStorageClassName()).isEqualTo("gp3");
                  assertThat(claim.getResources().getRequests())
                      .containsEntry("storage", new Quantity("50Gi"));
                }),
        Arguments.of(
            "TLS secret mounted read-only",
            (Consumer<MailCluster>)
                c ->
                    c.getSpec()
                        .setInbound(
                            new InboundSpec()
                                .setTls(new SecretReference().setSecretName("mx-tls"))),
            (Consumer<StatefulSet>)
                s -> {
                  assertThat(s.getSpec().getTemplate().getSpec().getVolumes())
                      .filteredOn(v -> v.getSecret() != null)
                      .extracting(v -> v.getSecret().getSecretName())
                      .containsExactly("bulk-admin-token", "mx-tls");
                  assertThat(container(s).getVolumeMounts())
                      .anySatisfy(
                          m -> {
                            assertThat(m.getMountPath()).isEqualTo(MtaPodLayout.TLS_DIR);
                            assertThat(m.getReadOnly()).isTrue();
                          });
                }),
        Arguments.of(
            "AUTH users secret mounted read-only as one file",
            (Consumer<MailCluster>)
                c ->
                    c.getSpec()
                        .setInbound(
                            new InboundSpec()
                                .setTls(new SecretReference().setSecretName("mx-tls"))
                                .setAuth(new SecretReference().setSecretName("smtp-users"))),
            (Consumer<StatefulSet>)
                s -> {
                  assertThat(s.getSpec().getTemplate().getSpec().getVolumes())
                      .filteredOn(v -> v.getName().equals("auth"))
                      .singleElement()
                      .satisfies(
                          v -> {
                            assertThat(v.getSecret().getSecretName()).isEqualTo("smtp-users");
                            assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440);
                            assertThat(v.getSecret().getItems())
                                .extracting(i -> i.getKey() + "->" + i.getPath())
                                .containsExactly("users->users");
                          });
                  assertThat(container(s).getVolumeMounts())
                      .filteredOn(m -> m.getName().equals("auth"))
                      .extracting(m -> m.getMountPath() + " " + m.getReadOnly())
                      .containsExactly("/etc/mailfleet/auth true");
                }),
        Arguments.of(
            "each DKIM key secret mounted read-only once, where the configuration names its file",
            (Consumer<MailCluster>)
                c ->
                    c.getSpec()
                        .setDelivery(
                            new DeliveryDefaults()
                                .setDkim(
                                    List.of(
                                        dkim("example.com", "s1", "dkim-example"),
                                        dkim("example.com", "s2", "dkim-example"),
                                        dkim("example.org", "s1", "dkim-org")))),
            (Consumer<StatefulSet>)
                s -> {
                  assertThat(s.getSpec().getTemplate().getSpec().getVolumes())
                      .filteredOn(v -> v.getSecret() != null)
                      .extracting(v -> v.getSecret().getSecretName())
                      .containsExactly("bulk-admin-token", "dkim-example", "dkim-org");
                  assertThat(container(s).getVolumeMounts())
                      .filteredOn(m -> m.getMountPath().startsWith(MtaPodLayout.DKIM_DIR))
                      .extracting(m -> m.getMountPath() + " " + m.getReadOnly())
                      .containsExactly(
                          "/etc/mailfleet/dkim/dkim-example true",
                          "/etc/mailfleet/dkim/dkim-org true");
                  assertThat(MtaPodLayout.dkimKeyFile("dkim-org"))
                      .isEqualTo("/etc/mailfleet/dkim/dkim-org/private.key");
                }),
        Arguments.of(
            "custom ports",
            (Consumer<MailCluster>)
                c -> c.getSpec().setInbound(new InboundSpec().setSmtpPort(1025).setAdminPort(9090)),
            (Consumer<StatefulSet>)
                s ->
                    assertThat(container(s).getPorts())
                        .extracting(p -> p.getName() + ":" + p.getContainerPort())
                        .containsExactly("smtp:1025", "admin:9090")));
  }

  private static DkimKeySpec dkim(String domain, String selector, String secret) {
    return new DkimKeySpec().setDomain(domain).setSelector(selector).setSecretName(secret);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterSettings")
  void clusterSettingsReachThePods(
      String what, Consumer<MailCluster> change, Consumer<StatefulSet> expectation) {
    MailCluster cluster = TierFixtures.cluster();
    change.accept(cluster);

    expectation.accept(TierFixtures.model(cluster, TierFixtures.tier()).statefulSet());
  }

  @Test
  void podsOfATierReadingSqsGetTheOperatorsAwsRegionAndEndpointAndTheNamespacesCredentials() {
    DeliveryTier tier = TierFixtures.tier();
    tier.getSpec()
        .setSource(
            new TierSource()
                .setSqs(
                    new SqsSource()
                        .setQueueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/bulk")));

    StatefulSet sts = TierFixtures.model(TierFixtures.cluster(), tier).statefulSet();

    assertThat(container(sts).getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains("AWS_REGION=eu-west-1", "AWS_ENDPOINT_URL=http://127.0.0.1:15000");
    assertThat(container(sts).getEnv())
        .filteredOn(e -> e.getValueFrom() != null)
        .extracting(
            e ->
                e.getName()
                    + "<-"
                    + e.getValueFrom().getSecretKeyRef().getName()
                    + "/"
                    + e.getValueFrom().getSecretKeyRef().getKey()
                    + (e.getValueFrom().getSecretKeyRef().getOptional() ? " optional" : ""))
        .contains(
            "AWS_ACCESS_KEY_ID<-mailfleet-mta-aws/AWS_ACCESS_KEY_ID optional",
            "AWS_SECRET_ACCESS_KEY<-mailfleet-mta-aws/AWS_SECRET_ACCESS_KEY optional");
  }

  @Test
  void podsOfATierWithoutSqsGetNoAwsVariables() {
    assertThat(container(TierFixtures.model().statefulSet()).getEnv())
        .extracting(e -> e.getName())
        .doesNotContain("AWS_REGION", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID");
  }

  @Test
  void unsetAwsSettingsGiveThePodsNoVariableForThem() {
    assertThat(new MtaAwsEnvironment(" ", null).env()).isEmpty();
    assertThat(new MtaAwsEnvironment("us-east-2", "").env())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly("AWS_REGION=us-east-2");
  }

  @Test
  void aChangedConfigurationChangesThePodTemplateHash() {
    MailCluster before = TierFixtures.cluster();
    MailCluster after = TierFixtures.cluster();
    after.getSpec().setHostname("mx2.mail.example.com");

    String hashBefore = hash(TierFixtures.model(before, TierFixtures.tier()).statefulSet());
    String hashAfter = hash(TierFixtures.model(after, TierFixtures.tier()).statefulSet());

    assertThat(hashBefore).matches("[0-9a-f]{16}");
    assertThat(hashAfter).matches("[0-9a-f]{16}").isNotEqualTo(hashBefore);
    assertThat(hash(TierFixtures.model(before, TierFixtures.tier()).statefulSet()))
        .as("the same inputs give the same hash")
        .isEqualTo(hashBefore);
  }

  private static String hash(StatefulSet sts) {
    return sts.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(TierStatefulSetModel.CONFIG_HASH_ANNOTATION);
  }

  private static Container container(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
