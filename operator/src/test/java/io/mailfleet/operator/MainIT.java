package io.mailfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import io.mailfleet.operator.api.v1alpha1.InstalledCrds;
import java.io.File;
import java.net.ServerSocket;
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
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path log = Files.createTempFile("operator", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("MAILFLEET_CLUSTER_ID", "main-it");
    env.put("MAILFLEET_MTA_IMAGE", "mailfleet.local/mta:it");
    env.put("MAILFLEET_WATCH_NAMESPACES", client.getNamespace());
    env.put("MAILFLEET_HTTP_PORT", String.valueOf(port));
    env.put("POD_NAMESPACE", client.getNamespace());
    env.put("POD_NAME", "main-it");
    env.put("KUBECONFIG", kubeconfig());
    Process process = builder.start();
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

  private static String kubeconfig() {
    String configured = System.getenv("KUBECONFIG");
    return configured != null
        ? configured
        : Path.of(System.getProperty("user.home"), ".kube", "config")
            .toString()
            .replace('/', File.separatorChar);
  }
}
