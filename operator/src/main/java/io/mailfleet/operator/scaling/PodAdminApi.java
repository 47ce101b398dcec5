package io.mailfleet.operator.scaling;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The MTA admin API as the operator calls it: queue figures (open), drain, undrain and transfer
 * (with the tier's bearer token). Every call has a timeout; a pod that does not answer in time is
 * reported as such, never taken for an idle one.
 */
public final class PodAdminApi {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final HttpClient http;
  private final Duration timeout;

  /** A client whose every request gives up after {@code timeout}. */
  public PodAdminApi(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** Where one pod's admin API listens. */
  public record Endpoint(String pod, String host, int port) {
    public Endpoint {
      Objects.requireNonNull(pod, "pod");
      Objects.requireNonNull(host, "host");
    }

    URI uri(String path) {
      String h = host.contains(":") ? "[" + host + "]" : host;
      return URI.create("http://" + h + ":" + port + path);
    }
  }

  /** A call the pod refused or did not answer; the message says which and why. */
  public static final class AdminCallFailed extends Exception {
    AdminCallFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** {@code GET /api/v1/queue}: completes with the pod's figures, or with Unknown and why. */
  public CompletableFuture<PodQueue> queue(Endpoint pod) {
    return http.sendAsync(get(pod, "/api/v1/queue"), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              if (error != null) {
                return new PodQueue.Unknown(pod.pod(), describe(error));
              }
              if (response.statusCode() != 200) {
                return new PodQueue.Unknown(pod.pod(), "HTTP " + response.statusCode());
              }
              try {
                JsonNode body = JSON.readTree(response.body());
                return new PodQueue.Answered(
                    pod.pod(),
                    body.path("messages").asLong(),
                    body.path("oldestAgeSeconds").asLong(),
                    body.path("draining").asBoolean());
              } catch (IOException | IllegalArgumentException e) {
                return new PodQueue.Unknown(pod.pod(), "unreadable answer: " + e.getMessage());
              }
            });
  }

  /** {@code POST /api/v1/drain}: the pod stops taking new mail (idempotent). */
  public void drain(Endpoint pod, String token) throws AdminCallFailed {
    expect(send(post(pod, "/api/v1/drain", token, "")), pod, "drain", 200, 202);
  }

  /** {@code POST /api/v1/undrain}: the pod takes new mail again (idempotent). */
  public void undrain(Endpoint pod, String token) throws AdminCallFailed {
    expect(send(post(pod, "/api/v1/undrain", token, "")), pod, "undrain", 200);
  }

  /**
   * {@code POST /api/v1/transfer}: starts relaying the pod's queue to {@code peer} ({@code
   * host:port}). A transfer already running (409) counts as started: after an operator restart the
   * one it started before is that transfer.
   */
  public void startTransfer(Endpoint pod, String token, String peer) throws AdminCallFailed {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("peer", peer));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a one-field JSON object", e);
    }
    expect(send(post(pod, "/api/v1/transfer", token, body)), pod, "transfer", 202, 409);
  }

  /**
   * {@code GET /api/v1/transfer}: the current or last transfer of the pod, empty when it ran none
   * since it started.
   */
  public Optional<TransferProgress> transfer(Endpoint pod) throws AdminCallFailed {
    HttpResponse<String> response = send(get(pod, "/api/v1/transfer"));
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, pod, "transfer status", 200);
    try {
      return Optional.of(JSON.readValue(response.body(), TransferProgress.class));
    } catch (IOException e) {
      throw new AdminCallFailed(pod.pod() + ": unreadable transfer status: " + e.getMessage(), e);
    }
  }

  private HttpRequest get(Endpoint pod, String path) {
    return HttpRequest.newBuilder(pod.uri(path)).timeout(timeout).GET().build();
  }

  private HttpRequest post(Endpoint pod, String path, String token, String body) {
    return authorized(HttpRequest.newBuilder(pod.uri(path)), token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder, String token) {
    return builder.timeout(timeout).header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest request) throws AdminCallFailed {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AdminCallFailed(request.uri().getHost() + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminCallFailed(request.uri().getHost() + ": interrupted", e);
    }
  }

  private static void expect(HttpResponse<String> response, Endpoint pod, String what, int... ok)
      throws AdminCallFailed {
    for (int code : ok) {
      if (response.statusCode() == code) {
        return;
      }
    }
    throw new AdminCallFailed(
        pod.pod() + ": " + what + " answered HTTP " + response.statusCode() + " " + brief(response),
        null);
  }

  private static String brief(HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body().strip();
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
