package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scaling on the real node: an Auto tier (targetPerPod 200, at most 3 pods) with delivery paused
 * takes 1,000 messages and grows to 3 pods; the two new pods take 500 messages each at their own
 * listener; maxReplicas drops to 1 while delivery is still held, so each leaving pod must hand its
 * queue to a survivor before it goes; delivery is then released to an smtp-sink, and every
 * Message-ID acknowledged with 250 arrives there, with no more duplicates than the transfers
 * reported as unconfirmed. Once more with a SIGKILL of the first leaving pod's MTA in the middle of
 * its transfer.
 */
@LocalCluster
class ScalingE2E {

  private static final int CONNECTIONS = 8;
  private static final int ONSET = 401;
  private static final int ACKED_BEFORE_GROWTH = 1000;
  private static final int ACKED_PER_NEW_POD = 500;

  private static OperatorRelease operator;
  private static SmtpSink sink;
  private static MailTier tier;

  @BeforeAll
  static void startOperatorAndSink(KubernetesClient client) {
    operator = OperatorRelease.install(client, 1);
    sink = SmtpSink.start();
  }

  @AfterEach
  void deleteTier() {
    if (tier != null) {
      tier.delete();
      tier = null;
    }
  }

  @AfterAll
  static void stopSinkAndOperator() {
    Teardown.inOrder(
        Teardown.ifMade(operator, OperatorRelease::uninstall),
        Teardown.ifMade(sink, SmtpSink::close));
  }

  @Test
  @Timeout(value = 14, unit = TimeUnit.MINUTES)
  void backlogGrowsTheTierAndShrinkingHandsHeldMailOverWithEveryAcknowledgedMessageDelivered(
      KubernetesClient client) {
    growShrinkAndRelease(client, "scaling", false);
  }

  @Test
  @Timeout(value = 14, unit = TimeUnit.MINUTES)
  void leavingPodKilledInTheMiddleOfItsTransferLosesNoAcknowledgedMessage(KubernetesClient client) {
    growShrinkAndRelease(client, "scaling-kill", true);
  }

  private static void growShrinkAndRelease(
      KubernetesClient client, String name, boolean killMidTransfer) {
    tier = MailTier.applyManifests(client, operator, name, manifests(name, true, 3));
    tier.awaitReady();
    SmtpLoad load = tier.loadThroughService(CONNECTIONS);
    try {
      // The onset of a 3-pod backlog: more than 2 x targetPerPod queued.
      Acknowledged.reach(load, ONSET, Duration.ofMinutes(3), ScalingE2E::diagnostics);
      long onset = System.nanoTime();
      awaitStatefulSetReplicas(3, Duration.ofSeconds(15));
      long scaled = System.nanoTime();
      Acknowledged.reach(load, ACKED_BEFORE_GROWTH, Duration.ofMinutes(3), ScalingE2E::diagnostics);
      tier.awaitReady(Duration.ofMinutes(4));
      System.out.printf(
          "ScalingE2E: StatefulSet at 3 replicas %.1f s after the backlog's onset (%d messages),"
              + " every pod Ready %.1f s after it%n",
          (scaled - onset) / 1e9, ONSET, (System.nanoTime() - onset) / 1e9);
    } finally {
      load.close();
    }
    Set<String> acknowledged = new HashSet<>(load.acknowledged());
    System.out.printf("ScalingE2E: load failures by kind: %s%n", load.failures());
    // The Service's connections stay with pod 0, which took the backlog: the new pods get mail
    // of their own straight at their SMTP port, so the pods that leave have a queue to hand over.
    for (int ordinal = 1; ordinal < 3; ordinal++) {
      acknowledged.addAll(sendStraightTo(tier.pod(ordinal)));
    }

    // Still paused, the tier may have only one pod: the two leaving pods must hand their held
    // queues over to pod 0 before they go, since a paused pod delivers nothing itself.
    long lowered = System.nanoTime();
    MailTier.applyManifests(client, operator, name, manifests(name, true, 1));
    if (killMidTransfer) {
      killLeavingPodMidTransfer();
    }
    awaitStatefulSetReplicas(1, Duration.ofMinutes(8));
    System.out.printf(
        "ScalingE2E: shrunk from 3 pods to 1 with delivery held in %.1f s; tier status %s%n",
        (System.nanoTime() - lowered) / 1e9, status());
    assertThat(sink.arrivals(SmtpLoad.MESSAGE_ID_DOMAIN).keySet())
        .as("delivered while paused")
        .doesNotContainAnyElementsOf(acknowledged);

    long released = System.nanoTime();
    MailTier.applyManifests(client, operator, name, manifests(name, false, 1));
    Map<String, Integer> arrivals =
        Acknowledged.arrivedAt(sink, acknowledged, Duration.ofMinutes(3), ScalingE2E::diagnostics);
    long arrived = acknowledged.stream().filter(arrivals::containsKey).count();
    int duplicates = arrivals.values().stream().mapToInt(n -> n - 1).sum();
    List<Integer> unconfirmed = unconfirmedPerLeavingPod(client);
    System.out.printf(
        "ScalingE2E: %.1f s after the release, acknowledged %d, arrived %d of them, duplicates %d,"
            + " unconfirmed by the transfers %s%n",
        (System.nanoTime() - released) / 1e9,
        acknowledged.size(),
        arrived,
        duplicates,
        unconfirmed);
    assertThat(arrived).isEqualTo(acknowledged.size());
    assertThat(unconfirmed).as("one ScaledDown Event per leaving pod").hasSize(2);
    // The transfer relays over one SMTP session: a SIGKILL can cut it after the peer took a
    // message and before the leaving pod heard the 250, a copy its restarted transfer, which
    // reports only itself, cannot count. Beyond that one, every duplicate was reported.
    int reported = unconfirmed.stream().mapToInt(Integer::intValue).sum();
    assertThat(duplicates).isLessThanOrEqualTo(reported + (killMidTransfer ? 1 : 0));
  }

  /**
   * What each leaving pod's transfer reported as unconfirmed (possible duplicates at its peer), as
   * the tier's ScaledDown Events say it.
   */
  private static List<Integer> unconfirmedPerLeavingPod(KubernetesClient client) {
    Pattern unconfirmed = Pattern.compile("(\\d+) unconfirmed");
    return client.v1().events().inNamespace(client.getNamespace()).list().getItems().stream()
        .filter(e -> "ScaledDown".equals(e.getReason()))
        .filter(e -> tier.name().equals(e.getInvolvedObject().getName()))
        .map(e -> unconfirmed.matcher(e.getMessage()))
        .filter(Matcher::find)
        .map(m -> Integer.parseInt(m.group(1)))
        .toList();
  }

  /**
   * Waits until a leaving pod's transfer has confirmed messages, and SIGKILLs that pod's MTA: the
   * kubelet restarts it on its volume, with its drain and transfer forgotten.
   */
  @SuppressWarnings("unchecked")
  private static void killLeavingPodMidTransfer() {
    Map<String, Object> step;
    try {
      step =
          await("a leaving pod transferring its queue")
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () -> {
                    Map<String, Object> status = (Map<String, Object>) status();
                    return status == null ? null : (Map<String, Object>) status.get("scaleDown");
                  },
                  s -> s != null && "Transferring".equals(s.get("phase")));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + diagnostics(), e);
    }
    String pod = (String) step.get("pod");
    NodeContainerd.onThisHost()
        .sigkill(
            MailTier.mtaContainer(
                tier.pod(Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1)))));
    System.out.printf("ScalingE2E: SIGKILL of %s while it transferred: %s%n", pod, step);
  }

  /** Has {@value #ACKED_PER_NEW_POD} messages acknowledged by {@code pod}'s own listener. */
  private static Set<String> sendStraightTo(Pod pod) {
    SmtpLoad load =
        SmtpLoad.start(
            pod.getStatus().getPodIP(),
            MailTier.containerPort(pod, "smtp"),
            2,
            "someone@" + MailTier.ROUTED_DOMAIN);
    try {
      Acknowledged.reach(load, ACKED_PER_NEW_POD, Duration.ofMinutes(2), ScalingE2E::diagnostics);
    } finally {
      load.close();
    }
    return load.acknowledged();
  }

  /** The cluster and the tier; {@code paused} holds delivery. */
  private static String manifests(String name, boolean paused, int maxReplicas) {
    return MailTier.clusterManifest("mx.scaling.example.com", "{size: 1Gi}", sink.target())
        + MailTier.tierManifest(
            name,
            """
          paused: %s
          scaling:
            mode: Auto
            minReplicas: 1
            maxReplicas: %d
            targetPerPod: 200
            scaleUp: {stabilizationWindow: 0s, maxStep: 4}
            scaleDown: {stabilizationWindow: 20s, maxStep: 1}
            drainTimeout: 5m
        """
                .formatted(paused, maxReplicas));
  }

  private static void awaitStatefulSetReplicas(int replicas, Duration timeout) {
    try {
      await("StatefulSet " + tier.name() + " at " + replicas + " replicas")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                StatefulSet set = tier.statefulSet();
                return set != null && set.getSpec().getReplicas() == replicas;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + diagnostics(), e);
    }
  }

  private static String diagnostics() {
    return "; tier status " + status() + tier.diagnostics();
  }

  private static Object status() {
    GenericKubernetesResource resource = tier.resource().get();
    return resource == null ? null : resource.getAdditionalProperties().get("status");
  }
}
