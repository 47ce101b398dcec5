package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class HarnessProbeTest {

  @Test
  void missingClusterFailsNamingTheCommandThatStartsIt() throws IOException {
    int port = unusedPort();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:" + port)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {

      assertThatThrownBy(() -> HarnessProbe.requireReady(client))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageContaining("No Kubernetes API server answers at https://127.0.0.1:" + port)
          .hasMessageContaining("make cluster-up");
    }
  }

  @Test
  void missingEmulatorFailsNamingTheCommandThatStartsIt() throws IOException {
    URI endpoint = URI.create("http://127.0.0.1:" + unusedPort());

    assertThatThrownBy(
            () ->
                HarnessProbe.requireAnswers(endpoint, "AWS emulator", "Start it with make aws-up."))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("No AWS emulator answers at " + endpoint)
        .hasMessageContaining("make aws-up");
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
