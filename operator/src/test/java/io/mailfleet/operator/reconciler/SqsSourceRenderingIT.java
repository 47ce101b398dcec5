package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.SqsSourceConfig;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import io.mailfleet.operator.api.v1alpha1.SqsSource;
import io.mailfleet.operator.api.v1alpha1.TierSource;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tier with an SQS source through the API server: the CRD takes {@code spec.source.sqs}, the
 * ConfigMap carries it to the MTA, and the pods get the operator's AWS region and endpoint.
 */
@LocalCluster
class SqsSourceRenderingIT {

  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/bulk-mail";

  private static InProcessOperator operator;

  @BeforeAll
  static void startOperator(KubernetesClient client) {
    InstalledCrds.apply(client);
    operator = InProcessOperator.startWithAws(client, "eu-west-1", "http://127.0.0.1:15000");
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void tierReadingAQueueGetsItInItsConfigAndTheAwsSettingsOnItsPods(KubernetesClient client) {
    client.resource(TierFixtures.cluster("mail")).serverSideApply();
    DeliveryTier tier = TierFixtures.tier("bulk", "mail");
    tier.getSpec()
        .setSource(new TierSource().setSqs(new SqsSource().setQueueUrl(QUEUE).setConcurrency(8)));
    client.resource(tier).serverSideApply();
    client.resource(TierFixtures.tier("plain", "mail")).serverSideApply();

    ConfigMap config = awaitPresent(client, ConfigMap.class, "bulk-mta");
    SqsSourceConfig sqs =
        new ConfigLoader().parse("mta.yaml", config.getData().get("mta.yaml")).source().sqs();
    assertThat(sqs.queueUrl()).isEqualTo(QUEUE);
    assertThat(sqs.concurrency()).isEqualTo(8);
    assertThat(env(awaitPresent(client, StatefulSet.class, "bulk")))
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains("AWS_REGION=eu-west-1", "AWS_ENDPOINT_URL=http://127.0.0.1:15000");
    assertThat(env(awaitPresent(client, StatefulSet.class, "plain")))
        .extracting(EnvVar::getName)
        .doesNotContain("AWS_REGION", "AWS_ENDPOINT_URL");
  }

  private static java.util.List<EnvVar> env(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T awaitPresent(
      KubernetesClient client, Class<T> kind, String name) {
    return await()
        .atMost(WITHIN)
        .until(() -> client.resources(kind).withName(name).get(), Objects::nonNull);
  }
}
