package io.mailfleet.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.MailfleetOperator;
import io.mailfleet.operator.OperatorSettings;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierSpec;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import io.mailfleet.operator.api.v1alpha1.LocalObjectReference;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MailClusterSpec;
import io.mailfleet.operator.api.v1alpha1.ScalingMode;
import io.mailfleet.operator.api.v1alpha1.ScalingSpec;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolSpec;
import io.mailfleet.operator.api.v1alpha1.TierInbound;
import io.mailfleet.operator.metrics.OperatorMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chart's namespaced RBAC is enough: the operator, running as the chart's ServiceAccount (by
 * impersonation) with leader election, reconciles a tier to its StatefulSet, admin token Secret,
 * NetworkPolicy and status.
 */
@LocalCluster
class ChartRbacIT {

  @Test
  void operatorRunningAsTheChartServiceAccountReconcilesATier(KubernetesClient admin) {
    InstalledCrds.apply(admin);
    String namespace = admin.getNamespace();
    Helm helm = Helm.onPath();
    Helm.Result rbac =
        helm.run(
            "template",
            "mailfleet",
            helm.chart().toString(),
            "--namespace",
            namespace,
            "--kube-version",
            Helm.KUBE_VERSION,
            "--set",
            "clusterId=it",
            "--set",
            "watchNamespaces={" + namespace + "}",
            "--show-only",
            "templates/rbac.yaml",
            "--show-only",
            "templates/serviceaccount.yaml");
    assertThat(rbac.exitCode()).as(rbac.describe()).isZero();
    admin
        .load(new ByteArrayInputStream(rbac.stdout().getBytes(StandardCharsets.UTF_8)))
        .inNamespace(namespace)
        .serverSideApply();

    try (KubernetesClient asOperator =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder(admin.getConfiguration())
                        .withImpersonateUsername(
                            "system:serviceaccount:" + namespace + ":mailfleet")
                        .build())
                .build();
        MailfleetOperator operator =
            new MailfleetOperator(
                asOperator,
                OperatorSettings.of("it", "mailfleet.local/mta:it")
                    .watching(Set.of(namespace))
                    .withLeaderElection(namespace, "rbac-it")
                    .withHttpPort(0),
                new OperatorMetrics(new PrometheusRegistry()),
                MailfleetOperator.LeaseLoss.STAY)) {
      operator.start();
      admin.resource(cluster()).serverSideApply();
      admin.resource(tier()).serverSideApply();

      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> admin.resources(StatefulSet.class).withName("rbac").get(), Objects::nonNull);
      assertThat(admin.secrets().withName("rbac-admin-token").get())
          .as("the admin token Secret, which the StatefulSet waits for")
          .isNotNull();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> admin.network().v1().networkPolicies().withName("rbac").get(),
              Objects::nonNull);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                DeliveryTier seen = admin.resources(DeliveryTier.class).withName("rbac").get();
                assertThat(seen.getStatus()).isNotNull();
                assertThat(seen.getStatus().getSelector()).contains("mailfleet.io/tier=rbac");
                MailCluster cluster = admin.resources(MailCluster.class).withName("rbac").get();
                assertThat(cluster.getStatus()).isNotNull();
                assertThat(cluster.getStatus().getTiers()).isNotEmpty();
              });
      // A pool: its finalizer and status need the Role's patch on sendingippools (and /status).
      admin.resource(pool()).serverSideApply();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                SendingIpPool seen = admin.resources(SendingIpPool.class).withName("rbac").get();
                assertThat(seen.getMetadata().getFinalizers()).isNotEmpty();
                assertThat(seen.getStatus()).isNotNull();
                assertThat(seen.getStatus().getConditions())
                    .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("RegionNotSet"));
              });
      admin.resources(SendingIpPool.class).withName("rbac").delete();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> admin.resources(SendingIpPool.class).withName("rbac").get() == null);
      // Holding the Lease takes renewing it, which the chart's Role must allow as well.
      var renewed = lease(admin).getSpec().getRenewTime();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(lease(admin).getSpec().getHolderIdentity()).isEqualTo("rbac-it");
                assertThat(lease(admin).getSpec().getRenewTime()).isAfter(renewed);
              });
    }
  }

  private static io.fabric8.kubernetes.api.model.coordination.v1.Lease lease(
      KubernetesClient admin) {
    return admin.leases().withName(OperatorSettings.LEASE_NAME).get();
  }

  private static SendingIpPool pool() {
    SendingIpPool pool = new SendingIpPool();
    pool.setMetadata(new ObjectMetaBuilder().withName("rbac").build());
    pool.setSpec(new SendingIpPoolSpec().setSize(1));
    return pool;
  }

  private static MailCluster cluster() {
    MailCluster cluster = new MailCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName("rbac").build());
    cluster.setSpec(new MailClusterSpec().setHostname("mx.mail.example.com"));
    return cluster;
  }

  private static DeliveryTier tier() {
    DeliveryTier tier = new DeliveryTier();
    tier.setMetadata(new ObjectMetaBuilder().withName("rbac").build());
    tier.setSpec(
        new DeliveryTierSpec()
            .setClusterRef(new LocalObjectReference().setName("rbac"))
            .setInbound(new TierInbound().setPort(25))
            .setReplicas(1)
            .setScaling(
                new ScalingSpec()
                    .setMode(ScalingMode.EXTERNAL)
                    .setMinReplicas(1)
                    .setMaxReplicas(3)));
    return tier;
  }
}
