package io.mailfleet.operator.scaling;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on loopback that answers the MTA admin routes the operator calls, with figures
 * the test sets: a pod as the scaler sees it, without the MTA behind it.
 */
final class FakeMtaAdmin implements AutoCloseable {

  /** One request as the fake received it. */
  record Request(String method, String path, String authorization, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);

  volatile long messages;
  volatile long oldestAgeSeconds;
  volatile boolean draining;

  /** The body of GET /api/v1/transfer, null for 404 (no transfer since start). */
  volatile String transfer;

  /** Status answered to POST /api/v1/transfer. */
  volatile int transferStartStatus = 202;

  /** Status answered to GET /api/v1/queue; 0 holds the request until the fake closes. */
  volatile int queueStatus = 200;

  FakeMtaAdmin() throws IOException {
    this(InetAddress.getLoopbackAddress().getHostAddress(), 0);
  }

  /** A fake on {@code host} (any 127.x address is loopback) and {@code port} (0: a free one). */
  FakeMtaAdmin(String host, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** Where the operator reaches this pod. */
  PodAdminApi.Endpoint endpoint(String pod) {
    return new PodAdminApi.Endpoint(pod, host(), port());
  }

  String host() {
    return server.getAddress().getAddress().getHostAddress();
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<String> calls() {
    return requests.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  /** A transfer state as the MTA writes it. */
  static String transferState(String state, int transferred, int failed, int remaining) {
    return "{\"state\":\""
        + state
        + "\",\"peer\":\"bulk-0.bulk-pods.mail.svc:2525\",\"startedAt\":\"2026-12-07T12:00:00Z\","
        + "\"finishedAt\":null,\"transferred\":"
        + transferred
        + ",\"failed\":"
        + failed
        + ",\"unconfirmed\":0,\"remaining\":"
        + remaining
        + ",\"lastError\":"
        + (failed > 0 || state.equals("FAILED") ? "\"550 refused\"" : "null")
        + "}";
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    requests.add(
        new Request(method, path, exchange.getRequestHeaders().getFirst("Authorization"), body));
    switch (method + " " + path) {
      case "GET /api/v1/queue" -> {
        if (queueStatus == 0) {
          await();
          return;
        }
        reply(exchange, queueStatus, queue());
      }
      case "POST /api/v1/drain" -> {
        draining = true;
        reply(exchange, 202, "{\"draining\":true}");
      }
      case "POST /api/v1/undrain" -> {
        draining = false;
        reply(exchange, 200, "{\"draining\":false}");
      }
      case "POST /api/v1/transfer" -> {
        if (transferStartStatus == 202) {
          transfer = transferState("RUNNING", 0, 0, (int) messages);
        }
        reply(exchange, transferStartStatus, transfer == null ? "{}" : transfer);
      }
      case "GET /api/v1/transfer" ->
          reply(exchange, transfer == null ? 404 : 200, transfer == null ? "{}" : transfer);
      default -> reply(exchange, 404, "{\"error\":\"no such path\"}");
    }
  }

  private String queue() {
    return "{\"messages\":"
        + messages
        + ",\"bytes\":0,\"oldestAgeSeconds\":"
        + oldestAgeSeconds
        + ",\"draining\":"
        + draining
        + "}";
  }

  private void await() {
    try {
      released.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
