package io.mailfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Prometheus server built by e2e/cluster/build-prometheus.sh, run on the host on a loopback
 * port with its own temporary directory: monitoring/prometheus.yaml's scrape jobs (Kubernetes pod
 * discovery with the PodMonitor's relabelling) pointed at the local API server and limited to one
 * namespace, scraping and evaluating every few seconds, and the given rule files.
 */
final class PrometheusServer implements AutoCloseable {

  /** How often targets are scraped and rules evaluated: short, so a test waits seconds. */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(1);

  /** One series of an instant query's result: its labels and its value as Prometheus prints it. */
  record Sample(Map<String, String> labels, String value) {}

  /** One scrape target: its job, its labels after relabelling, health and last error. */
  record Target(String job, Map<String, String> labels, String health, String lastError) {}

  /** One alert Prometheus holds: its labels and state (pending or firing). */
  record Alert(Map<String, String> labels, String state) {}

  private final Process process;
  private final Path directory;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, Path directory, URI base) {
    this.process = process;
    this.directory = directory;
    this.base = base;
  }

  /**
   * Builds the server if this machine has not yet (the script answers at once when it has), writes
   * its configuration and starts it; returns once it is ready.
   */
  static PrometheusServer start(
      Path repository, Path kubeconfig, String namespace, List<Path> ruleFiles) {
    Path binary = binary(repository);
    try {
      Path directory = Files.createTempDirectory("prometheus-e2e");
      Path config = directory.resolve("prometheus.yaml");
      YAML.writeValue(config.toFile(), configuration(repository, kubeconfig, namespace, ruleFiles));
      int port = freeLoopbackPort();
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + directory.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("prometheus.log").toFile())
              .start();
      PrometheusServer server =
          new PrometheusServer(process, directory, URI.create("http://127.0.0.1:" + port));
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + binary, e);
    }
  }

  private static Path binary(Path repository) {
    Path script = repository.resolve("e2e/cluster/build-prometheus.sh");
    String output =
        HostCommand.at(script, repository)
            .runOrFail(BUILD_TIMEOUT)
            .lines()
            .filter(line -> !line.isBlank())
            .reduce((first, second) -> second)
            .orElse("");
    Path binary = Path.of(output.strip());
    if (!Files.isExecutable(binary)) {
      fail(script + " printed no Prometheus binary: " + output);
    }
    return binary;
  }

  /**
   * monitoring/prometheus.yaml as a user copies it, with what running outside the cluster needs:
   * the API server from {@code kubeconfig}, discovery limited to {@code namespace}, short
   * intervals, and {@code ruleFiles} instead of its relative rule file.
   */
  private static ObjectNode configuration(
      Path repository, Path kubeconfig, String namespace, List<Path> ruleFiles) throws IOException {
    ObjectNode config =
        (ObjectNode) YAML.readTree(repository.resolve("monitoring/prometheus.yaml").toFile());
    ObjectNode global =
        config.get("global") instanceof ObjectNode set ? set : config.putObject("global");
    global.put("scrape_interval", INTERVAL.toSeconds() + "s");
    global.put("evaluation_interval", INTERVAL.toSeconds() + "s");
    ArrayNode rules = config.putArray("rule_files");
    ruleFiles.forEach(file -> rules.add(file.toAbsolutePath().toString()));
    for (JsonNode job : config.path("scrape_configs")) {
      for (JsonNode discovery : job.path("kubernetes_sd_configs")) {
        ((ObjectNode) discovery).put("kubeconfig_file", kubeconfig.toAbsolutePath().toString());
        ((ObjectNode) discovery).putObject("namespaces").putArray("names").add(namespace);
      }
    }
    return config;
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private void awaitReady() {
    await("Prometheus ready at " + base)
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .failFast("Prometheus exited:\n" + log(), () -> !process.isAlive())
        .ignoreExceptions()
        .until(() -> get("/-/ready").statusCode() == 200);
  }

  /** {@code GET /api/v1/query}: the result of {@code promql} now, or an error naming why not. */
  QueryResult query(String promql) {
    JsonNode body = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(body.path("status").asText())) {
      return QueryResult.failed(
          body.path("errorType").asText() + ": " + body.path("error").asText());
    }
    List<Sample> samples = new ArrayList<>();
    JsonNode result = body.at("/data/result");
    if ("scalar".equals(body.at("/data/resultType").asText())) {
      samples.add(new Sample(Map.of(), result.path(1).asText()));
    } else {
      for (JsonNode series : result) {
        samples.add(new Sample(labels(series.path("metric")), series.at("/value/1").asText()));
      }
    }
    return QueryResult.of(samples);
  }

  /** {@code GET /api/v1/targets}: the active targets, whatever their health. */
  List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (JsonNode target : api("/api/v1/targets?state=active").at("/data/activeTargets")) {
      targets.add(
          new Target(
              target.path("scrapePool").asText(),
              labels(target.path("labels")),
              target.path("health").asText(),
              target.path("lastError").asText()));
    }
    return targets;
  }

  /** {@code GET /api/v1/alerts}: the alerts pending or firing now. */
  List<Alert> alerts() {
    List<Alert> alerts = new ArrayList<>();
    for (JsonNode alert : api("/api/v1/alerts").at("/data/alerts")) {
      alerts.add(new Alert(labels(alert.path("labels")), alert.path("state").asText()));
    }
    return alerts;
  }

  /** The metric names Prometheus holds series of. */
  List<String> metricNames() {
    List<String> names = new ArrayList<>();
    api("/api/v1/label/__name__/values").path("data").forEach(name -> names.add(name.asText()));
    return names;
  }

  /** {@code GET /api/v1/rules}: each rule's health and last error, by rule name. */
  Map<String, String> ruleErrors() {
    Map<String, String> errors = new TreeMap<>();
    for (JsonNode group : api("/api/v1/rules").at("/data/groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (!"ok".equals(rule.path("health").asText())) {
          errors.put(
              group.path("name").asText() + "/" + rule.path("name").asText(),
              rule.path("health").asText() + ": " + rule.path("lastError").asText());
        }
      }
    }
    return errors;
  }

  /** The server's own log, for failure messages. */
  String log() {
    try {
      return Files.readString(directory.resolve("prometheus.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private JsonNode api(String pathAndQuery) {
    HttpResponse<String> response = get(pathAndQuery);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      return fail(
          "GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body(), e);
    }
  }

  private HttpResponse<String> get(String pathAndQuery) {
    URI uri = base.resolve(pathAndQuery);
    try {
      return http.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + uri, e);
    }
  }

  private static Map<String, String> labels(JsonNode object) {
    Map<String, String> labels = new TreeMap<>();
    object.properties().forEach(field -> labels.put(field.getKey(), field.getValue().asText()));
    return labels;
  }

  /** Stops the server by its pid (TERM, then KILL after 10 s) and removes its directory. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(PrometheusServer::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException("removing " + directory, e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("removing " + path, e);
    }
  }

  /** What one instant query gave: its series, or the error Prometheus answered with. */
  record QueryResult(List<Sample> samples, String error) {
    static QueryResult of(List<Sample> samples) {
      return new QueryResult(List.copyOf(samples), null);
    }

    static QueryResult failed(String error) {
      return new QueryResult(List.of(), error);
    }

    boolean succeeded() {
      return error == null;
    }

    boolean hasData() {
      return !samples.isEmpty();
    }

    /** Whether some series' value is above zero (NaN is not; Prometheus writes infinity Inf). */
    boolean anyAboveZero() {
      return samples.stream()
          .map(sample -> sample.value().replace("Inf", "Infinity"))
          .anyMatch(value -> Double.parseDouble(value) > 0);
    }

    /** One line for the summary: the error, or the series count and the first few values. */
    String summary() {
      if (!succeeded()) {
        return "ERROR " + error;
      }
      if (samples.isEmpty()) {
        return "no series";
      }
      return samples.size()
          + " series, e.g. "
          + samples.stream().limit(3).map(s -> s.labels() + "=" + s.value()).toList();
    }
  }
}
