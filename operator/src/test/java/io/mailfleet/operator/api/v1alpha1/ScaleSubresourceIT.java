package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DeliveryTier's scale subresource: what HPA, KEDA and {@code kubectl scale} talk to. */
@LocalCluster
class ScaleSubresourceIT {

  @BeforeAll
  static void installCrds(KubernetesClient client) {
    InstalledCrds.apply(client);
  }

  @Test
  void kubectlScaleSetsSpecReplicasOfAnExternalTier(KubernetesClient client) {
    client.resource(ApiObjects.deliveryTier("external", ScalingMode.EXTERNAL)).create();

    Kubectl.onPath(client.getNamespace()).succeed("scale", "dt/external", "--replicas=3");

    assertThat(tier(client, "external").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void kubectlScaleBeyondMaxReplicasIsRefusedNamingTheBounds(KubernetesClient client) {
    client.resource(ApiObjects.deliveryTier("capped", ScalingMode.EXTERNAL)).create();

    Kubectl.Result result =
        Kubectl.onPath(client.getNamespace()).run("scale", "dt/capped", "--replicas=9");

    assertThat(result.exitCode()).as(result.describe()).isNotZero();
    assertThat(result.stderr())
        .contains("replicas must lie between scaling.minReplicas and scaling.maxReplicas");
    assertThat(tier(client, "capped").getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void kubectlScaleOfAnAutoTierIsRefusedSayingWhyNotTheOperatorDecides(KubernetesClient client) {
    client.resource(ApiObjects.deliveryTier("auto", ScalingMode.AUTO)).create();

    Kubectl.Result result =
        Kubectl.onPath(client.getNamespace()).run("scale", "dt/auto", "--replicas=3");

    assertThat(result.exitCode()).as(result.describe()).isNotZero();
    assertThat(result.stderr()).contains("replicas can only be changed in External scaling mode");
  }

  @Test
  void leavingExternalModeMayDropReplicasFromTheManifest(KubernetesClient client) {
    DeliveryTier external = ApiObjects.deliveryTier("leaving", ScalingMode.EXTERNAL);
    external.getSpec().setReplicas(3);
    apply(client, external);

    DeliveryTier auto = ApiObjects.deliveryTier("leaving", ScalingMode.AUTO);
    apply(client, auto);

    assertThat(tier(client, "leaving").getSpec().getReplicas())
        .as("replicas back at the schema default")
        .isEqualTo(1);
  }

  private static void apply(KubernetesClient client, DeliveryTier tier) {
    client.resource(tier).fieldManager("gitops").forceConflicts().serverSideApply();
  }

  @Test
  void scaleSubresourceReportsStatusReplicasAndSelector(KubernetesClient client) {
    DeliveryTier tier =
        client.resource(ApiObjects.deliveryTier("reported", ScalingMode.EXTERNAL)).create();
    tier.setStatus(
        new DeliveryTierStatus().setReplicas(2).setSelector("app.kubernetes.io/instance=reported"));
    client.resource(tier).updateStatus();

    Scale scale = client.resources(DeliveryTier.class).withName("reported").scale();

    assertThat(scale.getSpec().getReplicas()).isEqualTo(1);
    assertThat(scale.getStatus().getReplicas()).isEqualTo(2);
    assertThat(scale.getStatus().getSelector()).isEqualTo("app.kubernetes.io/instance=reported");
  }

  private static DeliveryTier tier(KubernetesClient client, String name) {
    return client.resources(DeliveryTier.class).withName(name).get();
  }
}
