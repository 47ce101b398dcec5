package io.mailfleet.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierSpec;
import io.mailfleet.operator.api.v1alpha1.LocalObjectReference;
import io.mailfleet.operator.api.v1alpha1.ScalingBehavior;
import io.mailfleet.operator.api.v1alpha1.ScalingMetric;
import io.mailfleet.operator.api.v1alpha1.ScalingSpec;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReplicaRecommenderTest {

  private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

  /** The test's clock: every decision is made at {@code now}, which the test moves. */
  private Instant now = START;

  private final ReplicaRecommender recommender = new ReplicaRecommender(START);

  private static ScalingPolicy policy(
      Duration upWindow, int upStep, Duration downWindow, int down) {
    return new ScalingPolicy(
        ScalingMetric.QUEUE_DEPTH,
        1,
        10,
        OptionalInt.empty(),
        200,
        Duration.ofMinutes(5),
        new ScalingPolicy.Damping(upWindow, upStep),
        new ScalingPolicy.Damping(downWindow, down));
  }

  private static final ScalingPolicy IMMEDIATE = policy(Duration.ZERO, 100, Duration.ZERO, 100);

  private static TierLoad queues(long... messages) {
    List<PodQueue> pods = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      pods.add(new PodQueue.Answered("tier-" + i, messages[i], 0, false));
    }
    return TierLoad.of(pods);
  }

  private ScalingDecision after(Duration elapsed, ScalingPolicy p, TierLoad load, int current) {
    now = now.plus(elapsed);
    return recommender.decide(p, load, current, now);
  }

  @Test
  void queueDepthAsksForCeilingOfMessagesOverTargetPerPod() {
    ScalingDecision decision = after(Duration.ZERO, IMMEDIATE, queues(1000, 1), 1);

    assertThat(decision.desired()).isEqualTo(6);
    assertThat(decision.direction()).isEqualTo(ScalingDecision.Direction.UP);
    assertThat(decision.reason()).isEqualTo(ScalingReason.QUEUE_DEPTH);
    assertThat(decision.summary()).startsWith("QueueDepth: 1001 messages at 200 per pod");
  }

  @Test
  void growthIsLimitedToMaxStepPerDecision() {
    ScalingPolicy p = policy(Duration.ZERO, 2, Duration.ZERO, 1);

    ScalingDecision first = after(Duration.ZERO, p, queues(2000), 1);
    ScalingDecision second = after(Duration.ofSeconds(5), p, queues(2000), first.desired());

    assertThat(first.desired()).isEqualTo(3);
    assertThat(first.reason()).isEqualTo(ScalingReason.MAX_STEP);
    assertThat(second.desired()).isEqualTo(5);
  }

  @Test
  void tierNeverGrowsBeyondMaxReplicas() {
    ScalingDecision decision = after(Duration.ZERO, IMMEDIATE, queues(1_000_000), 2);

    assertThat(decision.desired()).isEqualTo(10);
    assertThat(decision.reason()).isEqualTo(ScalingReason.MAX_REPLICAS);
  }

  @Test
  void sendingTierNeverOutgrowsItsPoolsAddresses() {
    DeliveryTier tier = tier();
    tier.getSpec().setIpPoolRef(new LocalObjectReference().setName("pool"));
    SendingIpPool pool = new SendingIpPool();
    pool.setSpec(new SendingIpPoolSpec().setAddresses(List.of("eipalloc-1", "eipalloc-2")));
    ScalingPolicy p = ScalingPolicy.of(tier, Optional.of(pool));

    ScalingDecision decision = after(Duration.ZERO, p, queues(1_000_000), 1);

    assertThat(p.upperBound()).isEqualTo(2);
    assertThat(decision.desired()).isEqualTo(2);
    assertThat(decision.reason()).isEqualTo(ScalingReason.POOL_SIZE);
  }

  @Test
  void emptyQueueKeepsMinReplicas() {
    ScalingDecision decision = after(Duration.ofMinutes(1), IMMEDIATE, queues(0, 0, 0), 3);

    assertThat(decision.desired()).isEqualTo(1);
    assertThat(decision.reason()).isEqualTo(ScalingReason.MIN_REPLICAS);
  }

  @Test
  void tierAboveALoweredMaxComesDownToIt() {
    ScalingPolicy p = policy(Duration.ZERO, 4, Duration.ofMinutes(5), 1);

    ScalingDecision decision = after(Duration.ZERO, p, queues(5000, 5000), 12);

    assertThat(decision.desired()).isEqualTo(10);
    assertThat(decision.reason()).isEqualTo(ScalingReason.MAX_REPLICAS);
    assertThat(decision.message()).isEqualTo("10000 messages at 200 per pod; bounded to 10");
  }

  @Test
  void shrinkingWaitsForTheHighestRecommendationOfTheWindow() {
    ScalingPolicy p = policy(Duration.ZERO, 4, Duration.ofMinutes(5), 5);
    after(Duration.ofMinutes(5), p, queues(1000, 0, 0, 0, 0), 5);

    ScalingDecision dip = after(Duration.ofMinutes(1), p, queues(0, 0, 0, 0, 0), 5);
    ScalingDecision stillWithinWindow = after(Duration.ofMinutes(3), p, queues(0, 0, 0, 0, 0), 5);
    ScalingDecision windowPassed = after(Duration.ofSeconds(61), p, queues(0, 0, 0, 0, 0), 5);

    assertThat(dip.desired()).isEqualTo(5);
    assertThat(dip.reason()).isEqualTo(ScalingReason.STABILIZATION);
    assertThat(stillWithinWindow.desired()).isEqualTo(5);
    assertThat(windowPassed.desired()).isEqualTo(1);
    assertThat(windowPassed.direction()).isEqualTo(ScalingDecision.Direction.DOWN);
  }

  @Test
  void shrinkingIsLimitedToMaxStep() {
    ScalingPolicy p = policy(Duration.ZERO, 4, Duration.ZERO, 1);

    ScalingDecision decision = after(Duration.ofMinutes(1), p, queues(0, 0, 0, 0), 4);

    assertThat(decision.desired()).isEqualTo(3);
    assertThat(decision.reason()).isEqualTo(ScalingReason.MAX_STEP);
  }

  @Test
  void freshRecommenderDoesNotShrinkBeforeItWatchedAWholeWindow() {
    ScalingPolicy p = policy(Duration.ZERO, 4, Duration.ofMinutes(5), 1);

    ScalingDecision early = after(Duration.ofMinutes(4), p, queues(0, 0), 2);
    ScalingDecision later = after(Duration.ofMinutes(1), p, queues(0, 0), 2);

    assertThat(early.desired()).isEqualTo(2);
    assertThat(later.desired()).isEqualTo(1);
  }

  @Test
  void aDipWithinTheScaleUpWindowHoldsGrowthBack() {
    ScalingPolicy p = policy(Duration.ofMinutes(1), 10, Duration.ofMinutes(5), 1);
    after(Duration.ZERO, p, queues(0), 1);

    ScalingDecision spike = after(Duration.ofSeconds(20), p, queues(1000), 1);
    ScalingDecision afterWindow = after(Duration.ofSeconds(41), p, queues(1000), 1);

    assertThat(spike.desired()).isEqualTo(1);
    assertThat(spike.reason()).isEqualTo(ScalingReason.STABILIZATION);
    assertThat(afterWindow.desired()).isEqualTo(5);
  }

  @Test
  void podThatDoesNotAnswerPreventsShrinking() {
    TierLoad load =
        TierLoad.of(
            List.of(
                new PodQueue.Answered("tier-0", 0, 0, false),
                new PodQueue.Unknown("tier-1", "timed out after 2s")));

    ScalingDecision decision = after(Duration.ofMinutes(10), IMMEDIATE, load, 2);

    assertThat(decision.desired()).isEqualTo(2);
    assertThat(decision.reason()).isEqualTo(ScalingReason.UNKNOWN_PODS);
    assertThat(decision.message()).contains("tier-1 (timed out after 2s)");
  }

  @Test
  void podThatDoesNotAnswerStillLetsTheKnownQueueGrowTheTier() {
    TierLoad load =
        TierLoad.of(
            List.of(
                new PodQueue.Answered("tier-0", 800, 0, false),
                new PodQueue.Unknown("tier-1", "connection refused")));

    ScalingDecision decision = after(Duration.ZERO, IMMEDIATE, load, 2);

    assertThat(decision.desired()).isEqualTo(4);
  }

  @Test
  void unknownPodAlsoKeepsATierAboveItsMax() {
    TierLoad load = TierLoad.of(List.of(new PodQueue.Unknown("tier-11", "no pod IP")));

    ScalingDecision decision = after(Duration.ZERO, IMMEDIATE, load, 12);

    assertThat(decision.desired()).isEqualTo(12);
  }

  @Test
  void oldestMessageAgeStepsUpWhileOlderThanTarget() {
    ScalingPolicy p =
        new ScalingPolicy(
            ScalingMetric.OLDEST_MESSAGE_AGE,
            1,
            10,
            OptionalInt.empty(),
            200,
            Duration.ofMinutes(5),
            new ScalingPolicy.Damping(Duration.ZERO, 4),
            new ScalingPolicy.Damping(Duration.ZERO, 1));
    TierLoad old = TierLoad.of(List.of(new PodQueue.Answered("tier-0", 3, 301, false)));
    TierLoad young = TierLoad.of(List.of(new PodQueue.Answered("tier-0", 3, 200, false)));
    TierLoad fresh = TierLoad.of(List.of(new PodQueue.Answered("tier-0", 3, 149, false)));

    assertThat(after(Duration.ZERO, p, old, 2).desired()).isEqualTo(3);
    assertThat(after(Duration.ofSeconds(5), p, young, 3).desired()).isEqualTo(3);
    assertThat(after(Duration.ofSeconds(5), p, fresh, 3).desired()).isEqualTo(2);
  }

  private static ScalingPolicy sqsPolicy(Duration downWindow) {
    return new ScalingPolicy(
        ScalingMetric.SQS_BACKLOG,
        0,
        10,
        OptionalInt.empty(),
        100,
        Duration.ofMinutes(5),
        new ScalingPolicy.Damping(Duration.ZERO, 4),
        new ScalingPolicy.Damping(downWindow, 1));
  }

  private static TierLoad backlog(long visible, long inFlight, long... podMessages) {
    return queues(podMessages).withSqsBacklog(new SqsBacklog.Measured(visible, inFlight));
  }

  private static TierLoad unmeasured(long... podMessages) {
    return queues(podMessages).withSqsBacklog(new SqsBacklog.Unmeasured("AccessDenied"));
  }

  @Test
  void sqsBacklogWithoutAFigureHoldsTheTier() {
    ScalingPolicy p = sqsPolicy(Duration.ZERO);

    ScalingDecision unmeasured = after(Duration.ofMinutes(1), p, unmeasured(0, 0, 0), 3);
    ScalingDecision measured = after(Duration.ofSeconds(5), p, backlog(450, 0, 0, 0, 0), 3);

    assertThat(unmeasured.desired()).isEqualTo(3);
    assertThat(unmeasured.reason()).isEqualTo(ScalingReason.SQS_BACKLOG_UNMEASURED);
    assertThat(unmeasured.message()).contains("AccessDenied");
    assertThat(measured.desired()).isEqualTo(5);
    assertThat(measured.reason()).isEqualTo(ScalingReason.SQS_BACKLOG);
  }

  @Test
  void sqsBacklogAsksForCeilingOfVisiblePlusInFlightOverTargetPerPod() {
    ScalingDecision decision = after(Duration.ZERO, sqsPolicy(Duration.ZERO), backlog(250, 51), 1);

    assertThat(decision.desired()).isEqualTo(4);
    assertThat(decision.reason()).isEqualTo(ScalingReason.SQS_BACKLOG);
    assertThat(decision.message()).contains("301 messages", "250 visible", "51 in flight");
  }

  @Test
  void sqsBacklogGrowsATierFromZeroPods() {
    ScalingDecision decision = after(Duration.ZERO, sqsPolicy(Duration.ZERO), backlog(120, 0), 0);

    assertThat(decision.desired()).isEqualTo(2);
  }

  @Test
  void sqsBacklogIsBoundedByMaxReplicas() {
    ScalingDecision decision =
        after(Duration.ZERO, sqsPolicy(Duration.ZERO), backlog(100_000, 0, 0, 0, 0, 0), 4);

    assertThat(decision.desired()).isEqualTo(8);
    assertThat(
            after(Duration.ofSeconds(5), sqsPolicy(Duration.ZERO), backlog(100_000, 0), 8)
                .desired())
        .isEqualTo(10);
  }

  @Test
  void emptySqsBacklogShrinksOnlyAfterTheScaleDownWindow() {
    ScalingPolicy p = sqsPolicy(Duration.ofSeconds(30));
    recommenderWatchedAWindow(p);

    after(Duration.ZERO, p, backlog(300, 0, 0, 0, 0), 3);
    ScalingDecision within = after(Duration.ofSeconds(20), p, backlog(0, 0, 0, 0, 0), 3);
    ScalingDecision beyond = after(Duration.ofSeconds(15), p, backlog(0, 0, 0, 0, 0), 3);

    assertThat(within.desired()).isEqualTo(3);
    assertThat(within.reason()).isEqualTo(ScalingReason.STABILIZATION);
    assertThat(beyond.desired()).isEqualTo(2);
  }

  @Test
  void unmeasuredSqsBacklogWithinTheWindowKeepsTheTierFromShrinking() {
    ScalingPolicy p = sqsPolicy(Duration.ofSeconds(30));
    recommenderWatchedAWindow(p);

    after(Duration.ZERO, p, unmeasured(0, 0, 0), 3);
    ScalingDecision afterAFailedRead = after(Duration.ofSeconds(20), p, backlog(0, 0, 0, 0, 0), 3);
    ScalingDecision onceItLeftTheWindow =
        after(Duration.ofSeconds(15), p, backlog(0, 0, 0, 0, 0), 3);

    assertThat(afterAFailedRead.desired()).isEqualTo(3);
    assertThat(onceItLeftTheWindow.desired()).isEqualTo(2);
  }

  @Test
  void unmeasuredSqsBacklogHoldsEvenAnEmptyTierAtItsSize() {
    ScalingPolicy p = sqsPolicy(Duration.ZERO);
    recommenderWatchedAWindow(p);

    ScalingDecision decision = after(Duration.ofSeconds(5), p, unmeasured(0, 0), 2);

    assertThat(decision.desired()).isEqualTo(2);
    assertThat(decision.reason()).isEqualTo(ScalingReason.SQS_BACKLOG_UNMEASURED);
  }

  /** Lets the test's clock pass the scale-down window, so a fresh recommender may shrink. */
  private void recommenderWatchedAWindow(ScalingPolicy p) {
    now = now.plus(p.scaleDown().window()).plusSeconds(1);
  }

  @Test
  void policyFillsTheSchemaDefaults() {
    ScalingPolicy p = ScalingPolicy.of(tier(), Optional.empty());

    assertThat(p.metric()).isEqualTo(ScalingMetric.QUEUE_DEPTH);
    assertThat(p.lowerBound()).isEqualTo(1);
    assertThat(p.upperBound()).isEqualTo(10);
    assertThat(p.scaleUp()).isEqualTo(new ScalingPolicy.Damping(Duration.ZERO, 4));
    assertThat(p.scaleDown()).isEqualTo(new ScalingPolicy.Damping(Duration.ofMinutes(5), 1));
  }

  @Test
  void policyReadsTheTiersBehaviour() {
    DeliveryTier tier = tier();
    tier.getSpec()
        .setScaling(
            new ScalingSpec()
                .setMinReplicas(2)
                .setMaxReplicas(3)
                .setTargetPerPod(200)
                .setScaleDown(new ScalingBehavior().setStabilizationWindow("30s").setMaxStep(2)));

    ScalingPolicy p = ScalingPolicy.of(tier, Optional.empty());

    assertThat(p.targetPerPod()).isEqualTo(200);
    assertThat(p.lowerBound()).isEqualTo(2);
    assertThat(p.upperBound()).isEqualTo(3);
    assertThat(p.scaleDown()).isEqualTo(new ScalingPolicy.Damping(Duration.ofSeconds(30), 2));
  }

  private static DeliveryTier tier() {
    DeliveryTier tier = new DeliveryTier();
    tier.setMetadata(new ObjectMetaBuilder().withName("bulk").withNamespace("mail").build());
    tier.setSpec(
        new DeliveryTierSpec()
            .setClusterRef(new LocalObjectReference().setName("eu"))
            .setScaling(new ScalingSpec()));
    return tier;
  }
}
