package io.mailfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator process as the Deployment runs it: configured by environment, stopped by SIGTERM.
 */
@LocalCluster
class MainIT {

  @Test
  void processTakesTheLeaseServesReadyzAndExitsPromptlyOnSigterm(KubernetesClient client)
      throws Exception {
    InstalledCrds.apply(client);
    int port = OperatorProcess.freePort();
    Path log = Files.createTempFile("operator", ".log");
    Process process =
        OperatorProcess.start(
            Map.of(
                "MAILFLEET_CLUSTER_ID",
                "main-it",
                "MAILFLEET_MTA_IMAGE",
                "mailfleet.local/mta:it",
                "MAILFLEET_WATCH_NAMESPACES",
                client.getNamespace(),
                "MAILFLEET_HTTP_PORT",
                String.valueOf(port),
                "POD_NAMESPACE",
                client.getNamespace(),
                "POD_NAME",
                "main-it"),
            log);
    try {
      HttpClient web = HttpClient.newHttpClient();
      URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () ->
                  web.send(
                          HttpRequest.newBuilder(readyz).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode(),
              status -> status == 200);
      await().atMost(Duration.ofSeconds(30)).until(() -> holder(client), "main-it"::equals);

      process.destroy();

      assertThat(process.waitFor(20, TimeUnit.SECONDS))
          .as("exited within 20s of SIGTERM; log:%n%s", Files.readString(log))
          .isTrue();
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().withName(OperatorSettings.LEASE_NAME).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
