package io.mailfleet.mta;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole MTA with token files: what the admin and injection APIs let through over HTTP. */
class AdminTokenIT {

  private static final String TOKEN = "first-token-0123456789";

  @TempDir Path work;
  private Path tokenFile;
  private Mta mta;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    tokenFile = Files.writeString(work.resolve("token"), TOKEN + "\n");
    Path config =
        Files.writeString(
            work.resolve("mta.yaml"),
            """
            hostname: mta.token.example
            smtp:
              listeners:
                - {name: submission, address: 127.0.0.1, port: 0, proxyProtocol: false}
            spool: {directory: %s}
            admin: {address: 127.0.0.1, port: 0, tokenFile: %s}
            inject: {address: 127.0.0.1, port: 0, tokenFile: %s}
            delivery: {paused: true}
            """
                .formatted(work.resolve("spool"), tokenFile, tokenFile));
    mta = Mta.start(new ConfigLoader().load(config));
  }

  @AfterEach
  void stop() throws InterruptedException {
    mta.close();
  }

  @Test
  void drainWithoutATokenIsRefusedWith401AndAChallengeAndTheMtaKeepsTakingMail() throws Exception {
    HttpResponse<String> refused = admin("POST", "/api/v1/drain", null);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"mailfleet-admin\"");
    assertThat(refused.body()).contains("Authorization: Bearer <token>");
    assertThat(admin("GET", "/readyz", null).statusCode()).isEqualTo(200);
  }

  @Test
  void everyMutatingRouteRefusesAWrongTokenAndCountsTheRefusals() throws Exception {
    for (String path :
        new String[] {"/api/v1/drain", "/api/v1/transfer", "/api/v1/sites/google/suspend"}) {
      HttpResponse<String> refused = admin("POST", path, "not-the-token");

      assertThat(refused.statusCode()).as(path).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"mailfleet-admin\", error=\"invalid_token\"");
    }
    assertThat(admin("GET", "/readyz", null).statusCode()).isEqualTo(200);
    assertThat(admin("GET", "/metrics", null).body())
        .contains(
            "mailfleet_mta_http_requests_refused_total{listener=\"admin\",reason=\"wrong_token\"}"
                + " 3.0");
  }

  @Test
  void drainWithTheTokenDrains() throws Exception {
    HttpResponse<String> drained = admin("POST", "/api/v1/drain", TOKEN);

    assertThat(drained.statusCode()).isEqualTo(202);
    assertThat(admin("GET", "/readyz", null).statusCode()).isEqualTo(503);
  }

  @Test
  void readRoutesAndScrapesNeedNoToken() throws Exception {
    assertThat(admin("GET", "/healthz", null).statusCode()).isEqualTo(200);
    assertThat(admin("GET", "/metrics", null).statusCode()).isEqualTo(200);
    assertThat(admin("GET", "/api/v1/queue", null).statusCode()).isEqualTo(200);
    assertThat(admin("GET", "/api/v1/sites", null).statusCode()).isEqualTo(200);
  }

  @Test
  void replacedTokenFileTakesEffectWithoutARestart() throws Exception {
    Path next = Files.writeString(work.resolve("token.next"), "second-token-9876543210\n");
    // As a Secret volume does it: the new content arrives as a new file, renamed into place.
    Files.move(
        next, tokenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    Awaitility.await("the new token to be read")
        .atMost(Duration.ofSeconds(10))
        .until(() -> admin("POST", "/api/v1/sites/x/resume", TOKEN).statusCode() == 401);
    assertThat(admin("POST", "/api/v1/sites/x/resume", "second-token-9876543210").statusCode())
        .as("the new token reaches the route: no such site")
        .isEqualTo(404);
  }

  @Test
  void injectionNeedsTheTokenAndAcceptsWithIt() throws Exception {
    String message =
        "{\"sender\":\"a@token.example\",\"recipients\":[\"b@example.org\"],"
            + "\"message\":\"Subject: hi\\r\\n\\r\\nbody\\r\\n\"}";

    HttpResponse<String> refused = inject(message, null);
    HttpResponse<String> accepted = inject(message, TOKEN);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"mailfleet-inject\"");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.body()).contains("\"id\"");
  }

  private HttpResponse<String> admin(String method, String path, String token)
      throws IOException, InterruptedException {
    return send(mta.adminPort(), method, path, "", token);
  }

  private HttpResponse<String> inject(String json, String token)
      throws IOException, InterruptedException {
    return send(mta.injectPort(), "POST", "/api/v1/messages", json, token);
  }

  private HttpResponse<String> send(int port, String method, String path, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
