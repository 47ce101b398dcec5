package io.mailfleet.operator.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The scaling rule of one tier, after the HPA's: a raw recommendation from the metric, bounded by
 * min/max and the pool, stabilized over each direction's window (growth takes the lowest
 * recommendation of the scale-up window, shrinking the highest of the scale-down window), then
 * limited to maxStep pods. It keeps the recommendations of the last window, so one instance serves
 * one tier for the operator's lifetime; time comes in as an argument, never from a clock.
 *
 * <p>Two departures from the HPA, both towards keeping pods: a round in which any pod did not
 * answer never shrinks the tier (an unknown queue is not an empty one), and no shrinking happens
 * before the recommender has watched a whole scale-down window, so a restarted operator does not
 * act on the few recommendations it has seen since.
 */
public final class ReplicaRecommender {

  private final Instant since;
  private final Deque<Recommendation> history = new ArrayDeque<>();
  private volatile Instant lastDecision;

  /** A recommender that starts watching at {@code since}. */
  public ReplicaRecommender(Instant since) {
    this.since = Objects.requireNonNull(since, "since");
    this.lastDecision = since;
  }

  /** One recommendation and when it was made. */
  private record Recommendation(Instant at, int replicas) {}

  /** The raw figure and the rule that produced it. */
  private record Raw(int replicas, ScalingReason reason, String message) {}

  /** Decides the tier's size from this round's {@code load}, given it runs {@code current} pods. */
  public ScalingDecision decide(ScalingPolicy policy, TierLoad load, int current, Instant now) {
    Raw raw = bounded(policy, metric(policy, load, current));
    if (!load.complete() && raw.replicas() < current) {
      raw =
          new Raw(
              current,
              ScalingReason.UNKNOWN_PODS,
              load.unknown().size() + " pod(s) did not answer: " + describe(load));
    }
    record(now, raw.replicas(), policy);
    int upFloor = since(now.minus(policy.scaleUp().window())).min().orElseThrow();
    int downCeiling = since(now.minus(policy.scaleDown().window())).max().orElseThrow();
    if (since.isAfter(now.minus(policy.scaleDown().window()))) {
      downCeiling = Math.max(downCeiling, current);
    }
    int desired = current;
    ScalingReason reason = raw.reason();
    String message = raw.message();
    if (upFloor > current) {
      desired = upFloor;
    } else if (downCeiling < current) {
      desired = downCeiling;
    }
    if (desired != raw.replicas()) {
      reason = ScalingReason.STABILIZATION;
      message = raw.message() + "; holding " + desired + " within the stabilization window";
    }
    int highest = current + policy.scaleUp().maxStep();
    int lowest = current - policy.scaleDown().maxStep();
    if (desired > highest || desired < lowest) {
      desired = Math.max(lowest, Math.min(highest, desired));
      reason = ScalingReason.MAX_STEP;
      message = raw.message() + "; " + desired + " after maxStep";
    }
    // Bounds are hard even against the window and the step, as in the HPA: a tier above a
    // lowered max, or above its pool's size, comes down; an unknown queue still keeps it.
    if (desired > policy.upperBound() && load.complete()) {
      desired = policy.upperBound();
      reason = policy.upperBoundReason();
      message = boundedTo(raw, desired);
    } else if (desired < policy.lowerBound()) {
      desired = policy.lowerBound();
      reason = ScalingReason.MIN_REPLICAS;
      message = boundedTo(raw, desired);
    }
    return new ScalingDecision(current, desired, reason, message);
  }

  private static Raw metric(ScalingPolicy policy, TierLoad load, int current) {
    return switch (policy.metric()) {
      case QUEUE_DEPTH -> perPod(ScalingReason.QUEUE_DEPTH, load.knownMessages(), policy);
      case SQS_BACKLOG -> sqs(policy, load.sqsBacklog(), current);
      case OLDEST_MESSAGE_AGE -> oldest(policy, load, current);
    };
  }

  /**
   * Per pod over visible plus in-flight messages; an unmeasured backlog holds the tier, since an
   * unread queue is not an empty one.
   */
  private static Raw sqs(ScalingPolicy policy, SqsBacklog backlog, int current) {
    if (backlog instanceof SqsBacklog.Measured measured) {
      Raw raw = perPod(ScalingReason.SQS_BACKLOG, measured.total(), policy);
      return new Raw(
          raw.replicas(),
          raw.reason(),
          raw.message()
              + " ("
              + measured.visible()
              + " visible, "
              + measured.inFlight()
              + " in flight)");
    }
    return new Raw(
        current,
        ScalingReason.SQS_BACKLOG_UNMEASURED,
        "no SQS backlog figure this round: " + ((SqsBacklog.Unmeasured) backlog).why());
  }

  private static Raw perPod(ScalingReason reason, long messages, ScalingPolicy policy) {
    long pods = (messages + policy.targetPerPod() - 1) / policy.targetPerPod();
    return new Raw(
        (int) Math.min(Integer.MAX_VALUE, pods),
        reason,
        messages + " messages at " + policy.targetPerPod() + " per pod");
  }

  /**
   * One pod more while the oldest message is older than the target, one fewer once it is younger
   * than half of it; in between the tier holds, so it does not flap around the target.
   */
  private static Raw oldest(ScalingPolicy policy, TierLoad load, int current) {
    long age = load.oldestAgeSeconds();
    long target = policy.targetMessageAge().toSeconds();
    int replicas = age > target ? current + 1 : age * 2 < target ? current - 1 : current;
    return new Raw(
        Math.max(0, replicas),
        ScalingReason.OLDEST_MESSAGE_AGE,
        "oldest message " + Duration.ofSeconds(age) + " against " + policy.targetMessageAge());
  }

  private static Raw bounded(ScalingPolicy policy, Raw raw) {
    if (raw.replicas() > policy.upperBound()) {
      return new Raw(
          policy.upperBound(), policy.upperBoundReason(), boundedTo(raw, policy.upperBound()));
    }
    if (raw.replicas() < policy.lowerBound()) {
      return new Raw(
          policy.lowerBound(), ScalingReason.MIN_REPLICAS, boundedTo(raw, policy.lowerBound()));
    }
    return raw;
  }

  /**
   * When the last decision was made, or when watching began if none was. Safe to read from any
   * thread; {@link #decide} is called by one tier's reconciliation at a time.
   */
  public Instant lastDecision() {
    return lastDecision;
  }

  /** The raw message, saying it was bounded unless the raw figure already was. */
  private static String boundedTo(Raw raw, int bound) {
    return raw.replicas() == bound ? raw.message() : raw.message() + "; bounded to " + bound;
  }

  private void record(Instant now, int replicas, ScalingPolicy policy) {
    history.addLast(new Recommendation(now, replicas));
    lastDecision = now;
    Duration keep =
        policy.scaleUp().window().compareTo(policy.scaleDown().window()) > 0
            ? policy.scaleUp().window()
            : policy.scaleDown().window();
    while (history.peekFirst().at().isBefore(now.minus(keep))) {
      history.removeFirst();
    }
  }

  /** The recommendations made at or after {@code from}; the latest is always among them. */
  private IntStream since(Instant from) {
    return history.stream().filter(r -> !r.at().isBefore(from)).mapToInt(Recommendation::replicas);
  }

  private static String describe(TierLoad load) {
    return load.unknown().stream()
        .map(u -> u.pod() + " (" + u.why() + ")")
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
