package io.mailfleet.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;

/** Checks that the real parts a test needs answer, and fails the test loudly when they do not. */
final class HarnessProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private HarnessProbe() {}

  /** Fails unless the API server behind {@code client} reports itself ready. */
  static void requireReady(KubernetesClient client) {
    String where = client.getMasterUrl() + " (KUBECONFIG=" + System.getenv("KUBECONFIG") + ")";
    String readyz;
    try {
      readyz = client.raw("/readyz");
    } catch (RuntimeException e) {
      throw Assertions.<RuntimeException>fail(
          "No Kubernetes API server answers at "
              + where
              + ": "
              + e.getMessage()
              + ". Start the local cluster with `make cluster-up` and export the KUBECONFIG"
              + " it prints, or point KUBECONFIG at a cluster you have.",
          e);
    }
    if (readyz == null || !readyz.trim().equals("ok")) {
      Assertions.fail(
          "The Kubernetes API server at " + where + " is not ready (/readyz said: " + readyz + ")");
    }
  }

  /** Fails unless an HTTP server answers at {@code endpoint}. */
  static void requireAnswers(URI endpoint, String what, String howToStart) {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
      connection.setConnectTimeout((int) TIMEOUT.toMillis());
      connection.setReadTimeout((int) TIMEOUT.toMillis());
      connection.getResponseCode();
      connection.disconnect();
    } catch (IOException e) {
      Assertions.fail(
          "No " + what + " answers at " + endpoint + ": " + e.getMessage() + ". " + howToStart, e);
    }
  }
}
