package io.mailfleet.operator.reconciler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP proxy between the operator's EC2 client and the AWS emulator that answers a share of the
 * calls as a bad day at AWS would: throttled ({@code RequestLimitExceeded}), 500 and 503, the
 * connection dropped (before the call reaches the emulator, or after it did, so the answer of a
 * done AllocateAddress is lost), or slowly. It can also play a used-up Elastic IP quota.
 */
final class FaultyAwsProxy implements AutoCloseable {

  /** What the proxy did with one call. */
  enum Fault {
    NONE,
    THROTTLED,
    INTERNAL_ERROR,
    UNAVAILABLE,
    DROPPED_BEFORE,
    DROPPED_AFTER,
    SLOW
  }

  private static final List<Fault> FAULTS =
      List.of(
          Fault.THROTTLED,
          Fault.INTERNAL_ERROR,
          Fault.UNAVAILABLE,
          Fault.DROPPED_BEFORE,
          Fault.DROPPED_AFTER,
          Fault.SLOW);

  // Headers each side's HTTP stack sets itself (the JDK's HttpClient refuses them from a caller).
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final HttpClient upstream =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI target;
  private final Random random;
  private final Map<Fault, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private int nextFault;
  private volatile double faultShare;
  private volatile Duration slowness = Duration.ofSeconds(2);
  private volatile int allocationQuota = Integer.MAX_VALUE;
  private final AtomicInteger allocations = new AtomicInteger();
  // Reads stay clean when asked: the test's own counts must not be faulted.
  private volatile Set<String> faultedActions = Set.of();

  FaultyAwsProxy(URI target, long seed) throws IOException {
    this.target = target;
    this.random = new Random(seed);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Where the operator's client should send its calls. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Fault {@code share} (0..1) of the calls to {@code actions} (empty: every action). */
  FaultyAwsProxy faulting(double share, Set<String> actions) {
    this.faultShare = share;
    this.faultedActions = Set.copyOf(actions);
    return this;
  }

  /** How long a slow answer waits before it is forwarded. */
  FaultyAwsProxy slowBy(Duration delay) {
    this.slowness = delay;
    return this;
  }

  /** Refuse AllocateAddress with AddressLimitExceeded once {@code quota} went through. */
  FaultyAwsProxy withAllocationQuota(int quota) {
    this.allocationQuota = quota;
    return this;
  }

  /** Calls seen, faulted or not. */
  int calls() {
    return calls.get();
  }

  /** Calls that got {@code fault}. */
  int count(Fault fault) {
    return counts.getOrDefault(fault, new AtomicInteger()).get();
  }

  /** Calls that got any fault. */
  int faulted() {
    return FAULTS.stream().mapToInt(this::count).sum();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String action = action(new String(body, StandardCharsets.UTF_8));
      calls.incrementAndGet();
      if ("AllocateAddress".equals(action) && allocations.get() >= allocationQuota) {
        error(
            exchange,
            400,
            "AddressLimitExceeded",
            "The maximum number of addresses has been reached.");
        return;
      }
      Fault fault = pick(action);
      counts.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
      switch (fault) {
        case THROTTLED -> error(exchange, 400, "RequestLimitExceeded", "Request limit exceeded.");
        case INTERNAL_ERROR ->
            error(exchange, 500, "InternalError", "An internal error has occurred");
        case UNAVAILABLE -> error(exchange, 503, "Unavailable", "The server is overloaded");
        case DROPPED_BEFORE -> {
          // Closing without a status line: the client sees the connection end mid-call.
        }
        case DROPPED_AFTER -> {
          forward(exchange, action, body);
          // The emulator did the call; its answer never reaches the client.
        }
        case SLOW -> {
          // Done at once, answered late: past the client's attempt timeout, the client retries
          // a call that already happened.
          HttpResponse<byte[]> response = forward(exchange, action, body);
          LockSupport.parkNanos(slowness.toNanos());
          respond(exchange, response);
        }
        case NONE -> respond(exchange, forward(exchange, action, body));
      }
    }
  }

  // Which calls are faulted is random; the faults take turns, so that even a short storm has each.
  private synchronized Fault pick(String action) {
    boolean eligible = faultedActions.isEmpty() || faultedActions.contains(action);
    if (!eligible || random.nextDouble() >= faultShare) {
      return Fault.NONE;
    }
    return FAULTS.get(nextFault++ % FAULTS.size());
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, String action, byte[] body)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
            .timeout(Duration.ofSeconds(30))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    try {
      HttpResponse<byte[]> response =
          upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if ("AllocateAddress".equals(action) && response.statusCode() == 200) {
        allocations.incrementAndGet();
      }
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void respond(HttpExchange exchange, HttpResponse<byte[]> response)
      throws IOException {
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))
                  && !name.equalsIgnoreCase("transfer-encoding")
                  && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
              }
            });
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String action(String form) {
    for (String pair : form.split("&")) {
      if (pair.startsWith("Action=")) {
        return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
