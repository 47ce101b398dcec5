package io.mailfleet.operator.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's HTTP port: {@code /metrics} (Prometheus), {@code /healthz} (the process runs) and
 * {@code /readyz} (the SDK started and every informer is healthy). A standby replica waiting for
 * the lease is ready: it must stay in the Deployment's rollout, and it serves no traffic.
 */
public final class OperatorHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private OperatorHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code port} (0: any free port) on all addresses and serves until closed. */
  public static OperatorHttpServer start(
      int port, PrometheusRegistry registry, Supplier<RuntimeInfo> runtime) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/metrics", new MetricsHandler(registry));
    server.createContext("/healthz", exchange -> reply(exchange, 200, "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          RuntimeInfo info = runtime.get();
          if (info == null || !info.isStarted()) {
            reply(exchange, 503, "starting\n");
          } else if (!info.allEventSourcesAreHealthy()) {
            reply(exchange, 503, "unhealthy informers: " + info.unhealthyEventSources() + "\n");
          } else {
            reply(exchange, 200, "ready\n");
          }
        });
    ExecutorService executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    server.start();
    return new OperatorHttpServer(server, executor);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
