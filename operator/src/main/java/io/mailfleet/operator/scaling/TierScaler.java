package io.mailfleet.operator.scaling;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.ScaleDownStep;
import io.mailfleet.operator.api.v1alpha1.ScalingMetric;
import io.mailfleet.operator.api.v1alpha1.ScalingMode;
import io.mailfleet.operator.api.v1alpha1.ScalingSpec;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.api.v1alpha1.TierSource;
import io.mailfleet.operator.model.Observation;
import io.mailfleet.operator.model.TierIdentity;
import io.mailfleet.operator.model.TierPodTiming;
import io.mailfleet.operator.model.TierReplicas;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One scaling round of a tier: reads its pods' queues, decides its size (Auto mode) or takes {@code
 * spec.replicas} (External mode), grows the StatefulSet at once and shrinks it only through the
 * {@link ScaleDownProtocol}, one highest-ordinal pod at a time. Holds one {@link
 * ReplicaRecommender} per tier for the windows.
 */
public final class TierScaler {

  /** How often each tier's queues are read: a backlog's onset grows the tier within it. */
  public static final Duration ROUND = Duration.ofSeconds(5);

  /** How long one admin call to a pod may take before the pod counts as not answering. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

  /**
   * A recommender unused this long belongs to a deleted tier (or one that left Auto mode) and is
   * dropped; one that comes back starts a fresh window, as after an operator restart.
   */
  static final Duration FORGET_AFTER = Duration.ofHours(1);

  /** How long a tier waits after a called-off step before it tries to shrink again. */
  static final Duration RETRY_AFTER_CALLED_OFF = Duration.ofMinutes(1);

  private final QueueObserver observer;
  private final ScaleDownProtocol protocol;
  private final ScalingRecorder recorder;
  private final QueueBacklog backlog;
  private final Map<String, ReplicaRecommender> recommenders = new ConcurrentHashMap<>();

  public TierScaler(
      QueueObserver observer,
      ScaleDownProtocol protocol,
      ScalingRecorder recorder,
      QueueBacklog backlog) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.backlog = Objects.requireNonNull(backlog, "backlog");
  }

  /**
   * A scaler that calls pods over HTTP with {@link #CALL_TIMEOUT}, reads SQS backlogs from {@code
   * backlog} and reports to {@code recorder}.
   */
  public static TierScaler create(ScalingRecorder recorder, QueueBacklog backlog) {
    PodAdminApi api = new PodAdminApi(CALL_TIMEOUT);
    return new TierScaler(
        new QueueObserver(api, CALL_TIMEOUT), new ScaleDownProtocol(api), recorder, backlog);
  }

  /**
   * What the tier's cluster tells the scaler: where its pods listen and the admin token.
   *
   * @param adminPort the MTA admin port
   * @param smtpPort the MTA SMTP port, where a leaving pod hands its queue to a peer
   * @param token the tier's admin token, empty until its Secret is observed
   */
  public record Ports(int adminPort, int smtpPort, Optional<String> token) {}

  /** One round for {@code tier}, whose StatefulSet (if observed) and pods are given. */
  public TierScaling scale(
      DeliveryTier tier,
      Optional<StatefulSet> statefulSet,
      List<Pod> pods,
      Optional<SendingIpPool> pool,
      Ports ports,
      Instant now) {
    TierIdentity id = TierIdentity.of(tier);
    if (statefulSet.isEmpty() || statefulSet.get().getSpec().getReplicas() == null) {
      return new TierScaling(
          Optional.empty(),
          TierReplicas.desired(tier),
          Optional.empty(),
          null,
          Optional.empty(),
          Observation.fails(TierScaling.SCALING, "Starting", "the StatefulSet is being created"),
          Optional.empty());
    }
    int current = statefulSet.get().getSpec().getReplicas();
    Map<String, PodAdminApi.Endpoint> endpoints = endpoints(pods, ports);
    TierLoad load = observer.observe(expected(id, current, endpoints)).withSqsBacklog(sqs(tier));
    Target target = target(tier, id, pool, load, current, now);
    recorder.replicas(id.namespace(), id.tier(), current, target.replicas());
    ScaleDownStep step = tier.getStatus() == null ? null : tier.getStatus().getScaleDown();
    boolean transferring = step != null && ScaleDownProtocol.TRANSFERRING.equals(step.getPhase());
    if (target.replicas() >= current) {
      if (transferring) {
        callOffUnneeded(step, endpoints, ports);
      }
      boolean grows = target.replicas() > current;
      return new TierScaling(
          Optional.of(target.replicas()),
          target.replicas(),
          Optional.of(load),
          grows || transferring ? null : step,
          grows ? Optional.of(target.reason()) : Optional.empty(),
          grows
              ? Observation.holds(TierScaling.SCALING, "ScalingUp", target.reason())
              : Observation.fails(TierScaling.SCALING, "AtDesiredSize", target.reason()),
          grows
              ? Optional.of(
                  ScalingEvent.normal(
                      "ScaledUp",
                      "StatefulSet from "
                          + current
                          + " to "
                          + target.replicas()
                          + " pods: "
                          + target.reason()))
              : transferring
                  ? Optional.of(
                      ScalingEvent.normal(
                          "ScaleDownCancelled",
                          step.getPod() + " stays and takes mail again: " + target.reason()))
                  : Optional.empty());
    }
    if (!transferring && step != null && calledOffRecently(step, now)) {
      return holding(
          current, target, load, step, "waiting after a called-off step: " + step.getMessage());
    }
    return shrink(
        tier, id, current, target, load, transferring ? step : null, endpoints, ports, now);
  }

  private TierScaling shrink(
      DeliveryTier tier,
      TierIdentity id,
      int current,
      Target target,
      TierLoad load,
      ScaleDownStep step,
      Map<String, PodAdminApi.Endpoint> endpoints,
      Ports ports,
      Instant now) {
    if (ports.token().isEmpty()) {
      return holding(current, target, load, step, "the admin token Secret is not observed yet");
    }
    String leaving = id.podName(current - 1);
    PodAdminApi.Endpoint endpoint = endpoints.get(leaving);
    if (endpoint == null) {
      return holding(current, target, load, step, leaving + " has no IP yet");
    }
    Instant started = step == null ? now : Instant.parse(step.getStartedAt());
    int before = step == null || step.getTransferred() == null ? 0 : step.getTransferred();
    ScaleDownProtocol.Outcome outcome =
        protocol.advance(
            step,
            endpoint,
            peer(id, load, current - 1, ports),
            ports.token().get(),
            TierPodTiming.drainTimeout(tier),
            now);
    int transferred = outcome.step().getTransferred() == null ? 0 : outcome.step().getTransferred();
    if (transferred > before) {
      recorder.transferred(id.namespace(), id.tier(), transferred - before);
    }
    if (outcome instanceof ScaleDownProtocol.Emptied emptied) {
      recorder.scaleDownStep(id.namespace(), id.tier(), true, Duration.between(started, now));
      String reason = "removed " + leaving + " with an empty queue; " + target.reason();
      return new TierScaling(
          Optional.of(current - 1),
          target.replicas(),
          Optional.of(load),
          null,
          Optional.of(reason),
          Observation.holds(TierScaling.SCALING, "ScalingDown", reason),
          Optional.of(
              ScalingEvent.normal(
                  ScalingEvent.SCALED_DOWN,
                  "StatefulSet from "
                      + current
                      + " to "
                      + (current - 1)
                      + " pods: "
                      + leaving
                      + " left with an empty queue after "
                      + Duration.between(started, now).toSeconds()
                      + " s, "
                      + transferred
                      + " transferred, "
                      + emptied.unconfirmed()
                      + " unconfirmed; "
                      + target.reason())));
    }
    if (outcome instanceof ScaleDownProtocol.CalledOff off) {
      recorder.scaleDownStep(id.namespace(), id.tier(), false, Duration.between(started, now));
      String message = "removal of " + leaving + " called off, it stays: " + off.why();
      return new TierScaling(
          Optional.of(current),
          target.replicas(),
          Optional.of(load),
          off.step(),
          Optional.empty(),
          Observation.fails(TierScaling.SCALING, "ScaleDownCalledOff", message),
          Optional.of(ScalingEvent.warning("ScaleDownCalledOff", message)));
    }
    return new TierScaling(
        Optional.of(current),
        target.replicas(),
        Optional.of(load),
        outcome.step(),
        Optional.empty(),
        Observation.holds(
            TierScaling.SCALING, "Draining", leaving + ": " + outcome.step().getMessage()),
        step == null
            ? Optional.of(
                ScalingEvent.normal(
                    "ScaleDownStarted",
                    leaving
                        + " drains and hands its queue to "
                        + outcome.step().getPeer()
                        + " before it leaves: "
                        + target.reason()))
            : Optional.empty());
  }

  private static TierScaling holding(
      int current, Target target, TierLoad load, ScaleDownStep step, String why) {
    return new TierScaling(
        Optional.of(current),
        target.replicas(),
        Optional.of(load),
        step,
        Optional.empty(),
        Observation.fails(TierScaling.SCALING, "ScaleDownWaiting", why),
        Optional.empty());
  }

  /** The size to head for and why. */
  private record Target(int replicas, String reason) {}

  private Target target(
      DeliveryTier tier,
      TierIdentity id,
      Optional<SendingIpPool> pool,
      TierLoad load,
      int current,
      Instant now) {
    ScalingSpec scaling = tier.getSpec().getScaling();
    if (scaling != null && scaling.getMode() == ScalingMode.EXTERNAL) {
      int replicas = tier.getSpec().getReplicas() == null ? 1 : tier.getSpec().getReplicas();
      return new Target(replicas, "External: spec.replicas is " + replicas);
    }
    recommenders.values().removeIf(r -> r.lastDecision().plus(FORGET_AFTER).isBefore(now));
    ReplicaRecommender recommender =
        recommenders.computeIfAbsent(
            id.namespace() + "/" + id.tier(), key -> new ReplicaRecommender(now));
    ScalingDecision decision = recommender.decide(ScalingPolicy.of(tier, pool), load, current, now);
    recorder.decision(id.namespace(), id.tier(), decision);
    return new Target(decision.desired(), decision.summary());
  }

  /**
   * The backlog of the tier's SQS source when the tier scales on it in Auto mode; other tiers cost
   * no AWS call.
   */
  private SqsBacklog sqs(DeliveryTier tier) {
    ScalingSpec scaling = tier.getSpec().getScaling();
    boolean scalesOnSqs =
        scaling != null
            && scaling.getMode() != ScalingMode.EXTERNAL
            && scaling.getMetric() == ScalingMetric.SQS_BACKLOG;
    if (!scalesOnSqs) {
      return SqsBacklog.NOT_READ;
    }
    TierSource source = tier.getSpec().getSource();
    if (source == null || source.getSqs() == null || source.getSqs().getQueueUrl() == null) {
      return new SqsBacklog.Unmeasured("the tier names no source.sqs queue");
    }
    return backlog.read(source.getSqs().getQueueUrl());
  }

  /** Pods 0..replicas-1, each with its admin endpoint when it has an IP. */
  private static List<QueueObserver.ExpectedPod> expected(
      TierIdentity id, int replicas, Map<String, PodAdminApi.Endpoint> endpoints) {
    List<QueueObserver.ExpectedPod> expected = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      String name = id.podName(i);
      expected.add(new QueueObserver.ExpectedPod(name, endpoints.get(name)));
    }
    return expected;
  }

  /** The admin API of each pod that has an IP and is not being deleted, by pod name. */
  private static Map<String, PodAdminApi.Endpoint> endpoints(List<Pod> pods, Ports ports) {
    return pods.stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .collect(
            Collectors.toMap(
                p -> p.getMetadata().getName(),
                p ->
                    new PodAdminApi.Endpoint(
                        p.getMetadata().getName(), p.getStatus().getPodIP(), ports.adminPort()),
                (a, b) -> a));
  }

  /**
   * The surviving pod with the fewest queued messages, by its name under the headless Service (the
   * names the MTA's transferPeers admit); null when no survivor answered.
   */
  private static String peer(TierIdentity id, TierLoad load, int leavingOrdinal, Ports ports) {
    Function<String, Integer> ordinal =
        pod -> Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1));
    return load.answered()
        .filter(q -> ordinal.apply(q.pod()) < leavingOrdinal && !q.draining())
        .min(Comparator.comparingLong(PodQueue.Answered::messages))
        .map(q -> q.pod() + "." + id.podDomain() + ":" + ports.smtpPort())
        .orElse(null);
  }

  private void callOffUnneeded(
      ScaleDownStep step, Map<String, PodAdminApi.Endpoint> endpoints, Ports ports) {
    PodAdminApi.Endpoint endpoint = endpoints.get(step.getPod());
    if (endpoint != null && ports.token().isPresent()) {
      protocol.release(endpoint, ports.token().get());
    }
  }

  private static boolean calledOffRecently(ScaleDownStep step, Instant now) {
    return ScaleDownProtocol.ABORTED.equals(step.getPhase())
        && step.getStartedAt() != null
        && Instant.parse(step.getStartedAt()).plus(RETRY_AFTER_CALLED_OFF).isAfter(now);
  }
}
