package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault test: the spool volume of an MTA pod fills up. The pod's volume is a 64 MiB tmpfs (a real
 * bound on its size); the test fills it from the host, sees the MTA refuse new mail with a 4xx and
 * report itself not ready, frees it, and sees the MTA take and deliver mail again without a restart
 * of its container.
 */
@LocalCluster
class FullSpoolE2E {

  private static final String TIER = "full";
  private static final String SPOOL_SIZE = "64Mi";

  /** The StatefulSet's claim for pod 0's spool, which the tmpfs volume is offered to. */
  private static final String SPOOL_CLAIM = "spool-" + TIER + "-0";

  private static final Duration SMTP_TIMEOUT = Duration.ofSeconds(20);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static TmpfsSpoolVolume volume;
  private static OperatorRelease operator;
  private static SmtpSink sink;
  private static MailTier tier;

  @BeforeAll
  static void startTierOnASmallVolume(KubernetesClient client) {
    volume = TmpfsSpoolVolume.create(client, SPOOL_CLAIM, SPOOL_SIZE);
    operator = OperatorRelease.install(client, 1);
    sink = SmtpSink.start();
    tier =
        MailTier.apply(
            client,
            operator,
            TIER,
            1,
            sink.target(),
            "{size: %s, storageClassName: %s}".formatted(SPOOL_SIZE, volume.storageClassName()));
    tier.awaitReady();
  }

  @AfterAll
  static void removeTierThenVolume(KubernetesClient client) {
    Teardown.inOrder(
        Teardown.ifMade(
            tier,
            made -> {
              made.delete();
              client.persistentVolumeClaims().withName(SPOOL_CLAIM).delete();
            }),
        Teardown.ifMade(operator, OperatorRelease::uninstall),
        Teardown.ifMade(sink, SmtpSink::close),
        Teardown.ifMade(volume, TmpfsSpoolVolume::close));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void fullSpoolRefusesWith4xxAndTakesMailAgainOnceFreedWithoutARestart() {
    Pod pod = tier.pod(0);
    int restarts = MailTier.mtaContainer(pod).getRestartCount();
    String address = pod.getStatus().getPodIP();
    int smtpPort = MailTier.containerPort(pod, "smtp");
    URI readyz =
        URI.create("http://" + address + ":" + MailTier.containerPort(pod, "admin") + "/readyz");
    assertThat(send(address, smtpPort, "before").code())
        .as("reply to a message while the spool has room")
        .isEqualTo(250);

    long filled = volume.fill();
    System.out.printf(
        "FullSpoolE2E: the filler took %d bytes of the %s volume%n", filled, SPOOL_SIZE);

    SmtpConnection.Reply refused =
        awaitOrExplain(
            "a 4xx refusal and /readyz not ready while the spool is full",
            () -> send(address, smtpPort, "while-full"),
            reply -> reply.transientFailure() && status(readyz) != 200);
    System.out.printf("FullSpoolE2E: while full the MTA answered %s%n", refused.line());

    volume.free();
    String afterwards = "after-" + UUID.randomUUID();
    SmtpConnection.Reply accepted =
        awaitOrExplain(
            "250 and /readyz ready once the spool has room again",
            () -> send(address, smtpPort, afterwards),
            reply -> reply.code() == 250 && status(readyz) == 200);
    assertThat(accepted.code()).isEqualTo(250);
    assertThat(MailTier.mtaContainer(tier.pod(0)).getRestartCount())
        .as("restarts of the MTA container across the full spool")
        .isEqualTo(restarts);
    awaitOrExplain(
        "the message sent after the spool was freed at the sink " + sink.target(),
        () -> sink.arrivals(SmtpLoad.MESSAGE_ID_DOMAIN).keySet(),
        ids -> ids.stream().anyMatch(id -> id.startsWith(afterwards)));
  }

  /** Sends one message straight to the pod (a pod that is not ready is out of the Service). */
  private static SmtpConnection.Reply send(String address, int port, String label) {
    String messageId = label + "-" + UUID.randomUUID() + "@" + SmtpLoad.MESSAGE_ID_DOMAIN;
    try (SmtpConnection connection = SmtpConnection.open(address, port, SMTP_TIMEOUT)) {
      return connection.send(
          "probe@faults.e2e.example.com", "someone@" + MailTier.ROUTED_DOMAIN, messageId);
    } catch (IOException e) {
      throw new UncheckedIOException("SMTP to " + address + ":" + port, e);
    }
  }

  private static int status(URI uri) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + uri, e);
    }
  }

  private static <T> T awaitOrExplain(String what, Callable<T> probe, Predicate<? super T> done) {
    return tier.await(what, Duration.ofMinutes(1), Duration.ofSeconds(1), probe, done);
  }
}
