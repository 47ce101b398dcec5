package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault test: the MTA's JVM is killed with SIGKILL while a load generator sends through the tier's
 * Service and the MTA relays to an smtp-sink; the container restarts on its spool volume, and every
 * message that was acknowledged with 250 arrives at the sink. Duplicates are counted and printed:
 * SMTP forces one only for a message whose delivery reply was in flight (issue 12, finding 9).
 */
@LocalCluster
class MtaCrashE2E {

  private static final String TIER = "crash";
  private static final int CONNECTIONS = 8;
  private static final int ACKED_BEFORE_KILL = 1000;
  private static final int ACKED_AFTER_RESTART = 100;

  private static OperatorRelease operator;
  private static SmtpSink sink;
  private static MailTier tier;

  @BeforeAll
  static void startOperatorSinkAndTier(KubernetesClient client) {
    operator = OperatorRelease.install(client, 1);
    sink = SmtpSink.start();
    tier = MailTier.apply(client, operator, TIER, 1, sink.target(), "{size: 1Gi}");
    tier.awaitReady();
  }

  @AfterAll
  static void stopSinkAndOperator() {
    Teardown.inOrder(
        Teardown.ifMade(tier, MailTier::delete),
        Teardown.ifMade(operator, OperatorRelease::uninstall),
        Teardown.ifMade(sink, SmtpSink::close));
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void everyMessageAcknowledgedBeforeTheMtaWasKilledArrivesAtTheSink() {
    ContainerStatus before = MailTier.mtaContainer(tier.pod(0));
    NodeContainerd containerd = NodeContainerd.onThisHost();

    SmtpLoad load = tier.loadThroughService(CONNECTIONS);
    long started = System.nanoTime();
    int acknowledgedAtKill;
    try {
      Acknowledged.reach(load, ACKED_BEFORE_KILL, Duration.ofMinutes(2), tier::diagnostics);
      containerd.sigkill(before);
      acknowledgedAtKill = load.acknowledgedCount();
      System.out.printf(
          "MtaCrashE2E: SIGKILL after %d messages acknowledged in %d ms%n",
          acknowledgedAtKill, Duration.ofNanos(System.nanoTime() - started).toMillis());
      ContainerStatus restarted = awaitRestartedAndReady(before);
      assertThat(restarted.getLastState().getTerminated())
          .as("how the killed MTA container ended")
          .isNotNull()
          .satisfies(
              t ->
                  assertThat(t.getExitCode())
                      .as("exit code of a JVM killed by SIGKILL (128 + 9)")
                      .isEqualTo(137));
      Acknowledged.reach(
          load,
          load.acknowledgedCount() + ACKED_AFTER_RESTART,
          Duration.ofMinutes(1),
          tier::diagnostics);
    } finally {
      load.close();
    }
    Set<String> acknowledged = load.acknowledged();
    System.out.printf("MtaCrashE2E: load failures by kind during the run: %s%n", load.failures());

    Map<String, Integer> arrivals =
        Acknowledged.arrivedAt(sink, acknowledged, Duration.ofMinutes(2), tier::diagnostics);
    long arrived = acknowledged.stream().filter(arrivals::containsKey).count();
    int duplicates = arrivals.values().stream().mapToInt(n -> n - 1).sum();
    long arrivedWithout250 =
        arrivals.keySet().stream().filter(id -> !acknowledged.contains(id)).count();
    System.out.printf(
        "MtaCrashE2E: acknowledged %d (%d before the SIGKILL), arrived %d of them, duplicates %d"
            + " (messages that arrived more than once, counted beyond their first arrival),"
            + " arrived without a 250 %d%n",
        acknowledged.size(), acknowledgedAtKill, arrived, duplicates, arrivedWithout250);
    assertThat(arrived).isEqualTo(acknowledged.size());
  }

  /** Waits until the kubelet has restarted the MTA container and the pod is Ready again. */
  private static ContainerStatus awaitRestartedAndReady(ContainerStatus before) {
    return tier.await(
        "MTA container restarted after the SIGKILL and Ready",
        Duration.ofMinutes(2),
        Duration.ofMillis(500),
        () -> MailTier.mtaContainer(tier.pod(0)),
        now ->
            now.getRestartCount() > before.getRestartCount()
                && Boolean.TRUE.equals(now.getReady()));
  }
}
