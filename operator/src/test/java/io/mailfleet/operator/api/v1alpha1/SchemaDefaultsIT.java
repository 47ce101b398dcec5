package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API server fills defaults from the schema, nested ones included: the operator never must. */
@LocalCluster
class SchemaDefaultsIT {

  @BeforeAll
  static void installCrds(KubernetesClient client) {
    InstalledCrds.apply(client);
  }

  @Test
  void minimalMailClusterGetsEveryDefaultFromTheSchema(KubernetesClient client) {
    MailClusterSpec spec = client.resource(ApiObjects.mailCluster("minimal")).create().getSpec();

    assertThat(spec.getInbound().getSmtpPort()).isEqualTo(2525);
    assertThat(spec.getInbound().getMaxMessageSize()).isEqualTo("25Mi");
    assertThat(spec.getInbound().getLoadBalancer().getScheme())
        .isEqualTo(LoadBalancerScheme.INTERNET_FACING);
    assertThat(spec.getInbound().getLoadBalancer().getDeletionProtection()).isTrue();
    assertThat(spec.getSpool().getDurability()).isEqualTo(SpoolDurability.FSYNC);
    assertThat(spec.getSpool().getSize()).isEqualTo("20Gi");
    assertThat(spec.getDelivery().getRetry().getSchedule())
        .containsExactly("5m", "10m", "30m", "1h", "2h", "4h");
    assertThat(spec.getDelivery().getRetry().getMaxAge()).isEqualTo("72h");
    assertThat(spec.getDelivery().getShaping().getTls()).isEqualTo(TlsPolicySpec.OPPORTUNISTIC);
    assertThat(spec.getMonitoring().getEnabled()).isFalse();
  }

  @Test
  void tierScalingDefaultsFillInAroundWhatTheUserSet(KubernetesClient client) {
    DeliveryTier tier = ApiObjects.deliveryTier("partial", ScalingMode.AUTO);
    tier.getSpec().setScaling(new ScalingSpec().setMaxReplicas(4));

    ScalingSpec scaling = client.resource(tier).create().getSpec().getScaling();

    assertThat(scaling.getMode()).isEqualTo(ScalingMode.AUTO);
    assertThat(scaling.getMinReplicas()).isEqualTo(1);
    assertThat(scaling.getMaxReplicas()).isEqualTo(4);
    assertThat(scaling.getMetric()).isEqualTo(ScalingMetric.QUEUE_DEPTH);
    assertThat(scaling.getScaleDown().getStabilizationWindow()).isEqualTo("5m");
    assertThat(scaling.getScaleUp().getMaxStep()).isEqualTo(4);
    assertThat(scaling.getDrainTimeout()).isEqualTo("10m");
  }

  @Test
  void tierRetryOverrideStaysPartialSoTheClusterValuesApply(KubernetesClient client) {
    DeliveryTier tier = ApiObjects.deliveryTier("override", ScalingMode.AUTO);
    tier.getSpec().setRetry(new RetryPolicy().setMaxAge("24h"));

    RetryPolicy retry = client.resource(tier).create().getSpec().getRetry();

    assertThat(retry.getMaxAge()).isEqualTo("24h");
    assertThat(retry.getSchedule()).as("schedule left to the cluster").isNull();
  }

  @Test
  void sendingIpPoolRetainsAddressesByDefault(KubernetesClient client) {
    SendingIpPool pool = client.resource(ApiObjects.sendingIpPool("defaults", 1)).create();

    assertThat(pool.getSpec().getReleasePolicy()).isEqualTo(ReleasePolicy.RETAIN);
  }
}
