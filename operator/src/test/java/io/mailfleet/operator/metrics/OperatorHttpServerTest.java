package io.mailfleet.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The operator's HTTP endpoints before the SDK has started. */
class OperatorHttpServerTest {

  @Test
  void aStartingOperatorIsAliveButNotReadyAndAlreadyServesMetrics() throws Exception {
    OperatorMetrics metrics = new OperatorMetrics(new PrometheusRegistry());
    metrics.record("DeliveryTier", "ns", "bulk", true);
    try (OperatorHttpServer http = OperatorHttpServer.start(0, metrics.registry(), () -> null)) {
      HttpClient web = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + http.port();

      assertThat(get(web, base + "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(web, base + "/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("starting\n");
      assertThat(get(web, base + "/metrics").body())
          .contains("mailfleet_operator_resources{kind=\"DeliveryTier\",ready=\"true\"} 1");
    }
  }

  private static HttpResponse<String> get(HttpClient web, String url) throws Exception {
    return web.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
