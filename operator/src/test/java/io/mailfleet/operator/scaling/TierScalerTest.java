package io.mailfleet.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierSpec;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import io.mailfleet.operator.api.v1alpha1.LocalObjectReference;
import io.mailfleet.operator.api.v1alpha1.ScalingBehavior;
import io.mailfleet.operator.api.v1alpha1.ScalingMetric;
import io.mailfleet.operator.api.v1alpha1.ScalingMode;
import io.mailfleet.operator.api.v1alpha1.ScalingSpec;
import io.mailfleet.operator.api.v1alpha1.SqsSource;
import io.mailfleet.operator.api.v1alpha1.TierSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tier's scaling rounds against two fake pods on loopback (127.0.0.1 and 127.0.0.2). */
class TierScalerTest {

  private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");
  private static final int SMTP_PORT = 2525;

  private FakeMtaAdmin pod0;
  private FakeMtaAdmin pod1;
  private final List<String> recorded = new ArrayList<>();
  private TierScaler scaler;
  private TierScaler.Ports ports;
  private SqsBacklog sqs = new SqsBacklog.Unmeasured("not set by the test");

  @BeforeEach
  void start() throws Exception {
    pod0 = new FakeMtaAdmin("127.0.0.1", 0);
    pod1 = new FakeMtaAdmin("127.0.0.2", pod0.port());
    ports = new TierScaler.Ports(pod0.port(), SMTP_PORT, Optional.of("token"));
    PodAdminApi api = new PodAdminApi(Duration.ofSeconds(2));
    scaler =
        new TierScaler(
            new QueueObserver(api, Duration.ofSeconds(2)),
            new ScaleDownProtocol(api),
            new ScalingRecorder() {
              @Override
              public void replicas(String namespace, String tier, int current, int desired) {
                recorded.add("replicas " + current + "->" + desired);
              }

              @Override
              public void decision(String namespace, String tier, ScalingDecision decision) {
                recorded.add("decision " + decision.direction().label());
              }

              @Override
              public void scaleDownStep(
                  String namespace, String tier, boolean completed, Duration took) {
                recorded.add("step " + (completed ? "completed" : "called off") + " " + took);
              }

              @Override
              public void transferred(String namespace, String tier, long messages) {
                recorded.add("transferred " + messages);
              }
            },
            queueUrl -> sqs);
  }

  @AfterEach
  void stop() {
    pod0.close();
    pod1.close();
  }

  @Test
  void backlogGrowsTheStatefulSetAtOnce() {
    pod0.messages = 1000;

    TierScaling round =
        scaler.scale(tier(), statefulSet(1), pods(1), Optional.empty(), ports, START);

    assertThat(round.statefulSetReplicas()).contains(3);
    assertThat(round.desiredReplicas()).isEqualTo(3);
    assertThat(round.scaled()).hasValueSatisfying(why -> assertThat(why).startsWith("MaxReplicas"));
    assertThat(round.condition().reason()).isEqualTo("ScalingUp");
    assertThat(round.load().orElseThrow().knownMessages()).isEqualTo(1000);
    assertThat(recorded).contains("replicas 1->3", "decision up");
    assertThat(round.event())
        .hasValueSatisfying(
            e -> {
              assertThat(e.warning()).isFalse();
              assertThat(e.reason()).isEqualTo("ScaledUp");
              assertThat(e.message()).startsWith("StatefulSet from 1 to 3 pods: MaxReplicas");
            });
  }

  @Test
  void emptyTierShrinksOnlyOnceTheLeavingPodHandedItsQueueToTheSurvivor() {
    pod1.messages = 5;
    DeliveryTier tier = tier();

    TierScaling first = scaler.scale(tier, statefulSet(2), pods(2), Optional.empty(), ports, START);

    assertThat(first.statefulSetReplicas()).as("bulk-1 still holds mail").contains(2);
    assertThat(first.desiredReplicas()).isEqualTo(1);
    assertThat(first.step().getPod()).isEqualTo("bulk-1");
    assertThat(first.step().getPeer()).isEqualTo("bulk-0.bulk-pods.mail.svc:" + SMTP_PORT);
    assertThat(pod1.draining).isTrue();
    assertThat(pod1.calls()).contains("POST /api/v1/transfer");
    assertThat(pod0.draining).isFalse();
    assertThat(first.event().orElseThrow().reason()).isEqualTo("ScaleDownStarted");

    tier.setStatus(new DeliveryTierStatus().setScaleDown(first.step()));
    pod1.transfer = FakeMtaAdmin.transferState("DONE", 5, 0, 0);
    pod1.messages = 0;
    TierScaling second =
        scaler.scale(tier, statefulSet(2), pods(2), Optional.empty(), ports, START.plusSeconds(5));

    assertThat(second.statefulSetReplicas()).contains(1);
    assertThat(second.step()).isNull();
    assertThat(second.scaled())
        .hasValueSatisfying(why -> assertThat(why).contains("removed bulk-1"));
    assertThat(recorded).contains("transferred 5", "step completed PT5S");
    assertThat(second.event().orElseThrow().reason()).isEqualTo(ScalingEvent.SCALED_DOWN);
    assertThat(second.event().orElseThrow().message())
        .contains("from 2 to 1 pods", "bulk-1", "5 transferred, 0 unconfirmed");
  }

  @Test
  void podThatDoesNotAnswerKeepsTheTierAtItsSize() {
    TierScaling round =
        scaler.scale(
            tier(),
            statefulSet(2),
            List.of(pod("bulk-0", "127.0.0.1"), pod("bulk-1", null)),
            Optional.empty(),
            ports,
            START);

    assertThat(round.statefulSetReplicas()).contains(2);
    assertThat(round.desiredReplicas()).isEqualTo(2);
    assertThat(pod1.requests()).isEmpty();
  }

  @Test
  void failedTransferKeepsThePodAndWarnsWhy() {
    pod1.messages = 5;
    DeliveryTier tier = tier();
    TierScaling first = scaler.scale(tier, statefulSet(2), pods(2), Optional.empty(), ports, START);
    tier.setStatus(new DeliveryTierStatus().setScaleDown(first.step()));
    pod1.transfer = FakeMtaAdmin.transferState("FAILED", 0, 0, 5);

    TierScaling second =
        scaler.scale(tier, statefulSet(2), pods(2), Optional.empty(), ports, START.plusSeconds(5));
    tier.setStatus(new DeliveryTierStatus().setScaleDown(second.step()));
    TierScaling third =
        scaler.scale(tier, statefulSet(2), pods(2), Optional.empty(), ports, START.plusSeconds(10));

    assertThat(second.statefulSetReplicas()).contains(2);
    assertThat(second.condition().status()).isEqualTo(ConditionStatus.FALSE);
    assertThat(second.condition().reason()).isEqualTo("ScaleDownCalledOff");
    assertThat(second.event().orElseThrow().warning()).isTrue();
    assertThat(second.event().orElseThrow().message()).contains("bulk-1", "transfer failed");
    assertThat(pod1.draining).isFalse();
    assertThat(third.condition().reason())
        .as("no new attempt right after one was called off")
        .isEqualTo("ScaleDownWaiting");
  }

  @Test
  void externalModeDrainsBeforeTheStatefulSetFollowsALowerSpecReplicas() {
    DeliveryTier tier = tier();
    tier.getSpec().getScaling().setMode(ScalingMode.EXTERNAL);
    tier.getSpec().setReplicas(1);
    pod1.messages = 3;

    TierScaling round = scaler.scale(tier, statefulSet(2), pods(2), Optional.empty(), ports, START);

    assertThat(round.statefulSetReplicas()).contains(2);
    assertThat(round.desiredReplicas()).isEqualTo(1);
    assertThat(pod1.draining).isTrue();
    assertThat(recorded).noneMatch(r -> r.startsWith("decision"));
  }

  @Test
  void tierThatGrowsAgainCallsTheRunningStepOffAndUndrainsThePod() {
    pod1.messages = 5;
    DeliveryTier tier = tier();
    TierScaling first = scaler.scale(tier, statefulSet(2), pods(2), Optional.empty(), ports, START);
    tier.setStatus(new DeliveryTierStatus().setScaleDown(first.step()));
    pod0.messages = 600;

    TierScaling second =
        scaler.scale(tier, statefulSet(2), pods(2), Optional.empty(), ports, START.plusSeconds(5));

    assertThat(second.statefulSetReplicas()).contains(3);
    assertThat(second.step()).isNull();
    assertThat(pod1.draining).isFalse();
  }

  @Test
  void tierSeenAgainAfterAnHourStartsAFreshScaleDownWindow() {
    DeliveryTier tier = tier();
    tier.getSpec()
        .getScaling()
        .setScaleDown(new ScalingBehavior().setStabilizationWindow("5m").setMaxStep(1));
    pod0.messages = 1000;
    scaler.scale(tier, statefulSet(1), pods(1), Optional.empty(), ports, START);
    pod0.messages = 0;
    pod1.messages = 0;

    TierScaling afterWindow =
        scaler.scale(
            tier,
            statefulSet(2),
            pods(2),
            Optional.empty(),
            ports,
            START.plus(Duration.ofHours(2)));

    assertThat(afterWindow.desiredReplicas())
        .as("a forgotten tier has not watched a whole window yet")
        .isEqualTo(2);
  }

  @Test
  void sqsBacklogGrowsTheStatefulSetWhileThePodsQueuesAreEmpty() {
    sqs = new SqsBacklog.Measured(350, 60);

    TierScaling round =
        scaler.scale(sqsTier(), statefulSet(1), pods(1), Optional.empty(), ports, START);

    assertThat(round.statefulSetReplicas()).contains(3);
    assertThat(round.scaled())
        .hasValueSatisfying(
            why -> assertThat(why).startsWith("SqsBacklog").contains("410 messages"));
    assertThat(round.load().orElseThrow().knownMessages()).isZero();
  }

  @Test
  void unreadableSqsBacklogKeepsTheTierAtItsSizeAndSaysWhy() {
    sqs = new SqsBacklog.Unmeasured("GetQueueAttributes failed (AccessDenied)");

    TierScaling round =
        scaler.scale(sqsTier(), statefulSet(2), pods(2), Optional.empty(), ports, START);

    assertThat(round.statefulSetReplicas()).contains(2);
    assertThat(round.step()).as("no scale-down on an unknown backlog").isNull();
    assertThat(pod1.draining).isFalse();
    assertThat(round.condition().message())
        .startsWith("SqsBacklogUnmeasured")
        .contains("AccessDenied");
  }

  @Test
  void tierThatScalesOnItsQueuesReadsNoSqsBacklog() {
    sqs = new SqsBacklog.Measured(10_000, 0);
    pod0.messages = 10;

    TierScaling round =
        scaler.scale(tier(), statefulSet(1), pods(1), Optional.empty(), ports, START);

    assertThat(round.statefulSetReplicas()).contains(1);
    assertThat(round.load().orElseThrow().sqsBacklog()).isEqualTo(SqsBacklog.NOT_READ);
  }

  private static DeliveryTier sqsTier() {
    DeliveryTier tier = tier();
    tier.getSpec()
        .setSource(
            new TierSource()
                .setSqs(
                    new SqsSource()
                        .setQueueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/bulk")));
    tier.getSpec().getScaling().setMetric(ScalingMetric.SQS_BACKLOG);
    return tier;
  }

  private static DeliveryTier tier() {
    DeliveryTier tier = new DeliveryTier();
    tier.setMetadata(new ObjectMetaBuilder().withName("bulk").withNamespace("mail").build());
    tier.setSpec(
        new DeliveryTierSpec()
            .setClusterRef(new LocalObjectReference().setName("eu"))
            .setReplicas(1)
            .setScaling(
                new ScalingSpec()
                    .setMode(ScalingMode.AUTO)
                    .setMinReplicas(1)
                    .setMaxReplicas(3)
                    .setTargetPerPod(200)
                    .setScaleDown(
                        new ScalingBehavior().setStabilizationWindow("0s").setMaxStep(1))));
    return tier;
  }

  private static Optional<StatefulSet> statefulSet(int replicas) {
    return Optional.of(
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("bulk")
            .withNamespace("mail")
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .endSpec()
            .build());
  }

  private static List<Pod> pods(int count) {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pods.add(pod("bulk-" + i, "127.0.0." + (i + 1)));
    }
    return pods;
  }

  private static Pod pod(String name, String ip) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("mail")
        .endMetadata()
        .withNewStatus()
        .withPodIP(ip)
        .endStatus()
        .build();
  }
}
