package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.MonitoringSources.AlertRule;
import io.mailfleet.e2e.MonitoringSources.DashboardQuery;
import io.mailfleet.e2e.PrometheusServer.Alert;
import io.mailfleet.e2e.PrometheusServer.QueryResult;
import io.mailfleet.e2e.PrometheusServer.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules and the dashboard against a real Prometheus: the server built by
 * e2e/cluster/build-prometheus.sh runs on the host with monitoring/prometheus.yaml's Kubernetes pod
 * discovery against the local API server, and monitoring/alerts.yaml as its rules. The operator
 * (installed with the chart) and one tier of one MTA pod on the real node are its targets; the test
 * sends a few messages through the tier, has two refused, and suspends a site through the MTA's
 * admin API, then asks Prometheus what each panel and each alert sees.
 *
 * <p>MailfleetSiteSuspendedLong waits an hour ({@code for: 1h}) before it fires, longer than a test
 * can; so Prometheus also loads a copy of that one rule with {@code for} shortened to {@value
 * #SHORT_FOR} and labelled {@code for_shortened_to}, which must fire while the original is pending.
 */
@LocalCluster
class PrometheusE2E {

  private static final String TIER = "observed";

  /** The shaping site of the routed domain, suspended by the test. */
  private static final String SITE = "routed";

  private static final int DELIVERED = 5;
  private static final String PROVOKED_ALERT = "MailfleetSiteSuspendedLong";
  private static final String SHORT_FOR = "10s";
  private static final Duration DATA_TIMEOUT = Duration.ofMinutes(2);

  /**
   * Dashboard queries that may find no series here, and why. Every other query must have data once
   * the messages went through.
   */
  private static final Map<String, String> QUERIES_WITHOUT_DATA =
      Map.of(
          "Bounce rate by pool A",
          "no recipient bounced: the sink takes every message, so no bounced series exists",
          "Sent today vs daily cap B",
          "no SendingIpPool: the pod's own address has no warm-up schedule, so no daily cap",
          "Replicas ready vs desired B",
          "kube-state-metrics does not run in the local cluster",
          "Replicas ready vs desired C",
          "kube-state-metrics does not run in the local cluster",
          "Reconcile errors A",
          "no reconciliation failed (when one did, the query has data)",
          "AWS call errors A",
          "the tier has no SendingIpPool and no load balancer: the operator calls no AWS API",
          "Pool addresses by state A",
          "no SendingIpPool here; ElasticIpIT covers pools against the AWS emulator");

  /**
   * Dashboard queries that must show a value above zero here (NaN, a quantile of nothing, is not),
   * and what the test did to make it so.
   */
  private static final Map<String, String> QUERIES_ABOVE_ZERO =
      Map.ofEntries(
          Map.entry("Accepted messages A", "messages accepted in two rounds"),
          Map.entry("Recipients by outcome A", "their recipients delivered to the sink"),
          Map.entry("Refused mail by reason A", "a recipient refused for its syntax, twice"),
          Map.entry("Suspended sites A", "the site suspended through the admin API"),
          Map.entry("Delivery latency A", "the deliveries took time"),
          Map.entry("Delivery latency B", "the deliveries took time"),
          Map.entry("Spool commit latency A", "the accepted messages were committed"),
          Map.entry("Spool commit latency B", "the spool fsyncs them (durability Fsync)"),
          Map.entry("Sent today vs daily cap A", "the pod's address sent them today"),
          Map.entry("Replicas ready vs desired A", "the tier's pod is up"),
          Map.entry("Replicas ready vs desired D", "the tier wants one pod"),
          Map.entry("Reconcile latency A", "the operator reconciled the tier"),
          Map.entry("Resources by readiness A", "the MailCluster and the tier are Ready"),
          Map.entry("Spool free space A", "the spool volume has room"));

  /**
   * Metrics the rules or panels select that need not exist here, and why: a labelled counter or
   * gauge has no series until something happens to it.
   */
  private static final Map<String, String> METRICS_WITHOUT_SERIES =
      Map.of(
          "mailfleet_mta_egress_daily_cap",
              "no SendingIpPool: the pod's own address has no warm-up schedule, so no daily cap",
          "mailfleet_operator_reconcile_errors_total", "no reconciliation failed",
          "mailfleet_operator_aws_calls_total", "no AWS call: no SendingIpPool, no load balancer",
          "mailfleet_operator_pool_addresses", "no SendingIpPool",
          "kube_statefulset_replicas", "kube-state-metrics does not run in the local cluster",
          "kube_statefulset_status_replicas_ready",
              "kube-state-metrics does not run in the local cluster");

  private static Path repository;
  private static MonitoringSources sources;
  private static OperatorRelease operator;
  private static SmtpSink sink;
  private static MailTier tier;
  private static Path shortenedRules;
  private static PrometheusServer prometheus;
  private static String namespace;

  @BeforeAll
  static void startOperatorTierAndPrometheusThenSendMail(KubernetesClient client)
      throws IOException {
    repository = ProjectCheckout.root();
    sources = new MonitoringSources(repository);
    namespace = client.getNamespace();
    operator = OperatorRelease.install(client, 1);
    sink = SmtpSink.start();
    tier =
        MailTier.applyManifests(
            client,
            operator,
            TIER,
            MailTier.clusterManifest("mx.prometheus.example.com", "{size: 1Gi}", sink.target())
                + MailTier.fixedSizeTierManifest(TIER, 1)
                + """
                  shaping:
                    - name: %s
                      domains: [%s]
                      limits:
                        maxConnections: 4
                """
                    .formatted(SITE, MailTier.ROUTED_DOMAIN));
    tier.awaitReady();

    shortenedRules = Files.createTempFile("alerts-shortened-for", ".yaml");
    Files.writeString(shortenedRules, sources.withShortenedFor(PROVOKED_ALERT, SHORT_FOR));
    prometheus =
        PrometheusServer.start(
            repository,
            Path.of(System.getenv().getOrDefault("KUBECONFIG", "")),
            namespace,
            List.of(sources.rulesFile(), shortenedRules));

    sendThroughTheTier();
    suspendTheSite(client);
  }

  /**
   * {@value #DELIVERED} messages to the routed domain, awaited at the sink, and two refused (a
   * recipient that is no address), through the tier's Service, in two rounds: a counter's series
   * appears with its first increment, and a rate sees only increments after Prometheus first
   * scraped the series.
   */
  private static void sendThroughTheTier() throws IOException {
    awaitSeries("up{job=\"mailfleet-mta\"} == 1");
    String suffix = "@prometheus-" + UUID.randomUUID() + ".e2e";
    sendRound(0, 1, suffix);
    awaitSeries("mailfleet_mta_delivery_recipients_total{outcome=\"delivered\"}");
    awaitSeries("mailfleet_mta_messages_rejected_total");
    sendRound(1, DELIVERED, suffix);
  }

  /** Messages {@code from} to {@code to} (exclusive) and one refused; waits for the sink. */
  private static void sendRound(int from, int to, String suffix) throws IOException {
    Service service = tier.service();
    String host = service.getSpec().getClusterIP();
    int port = service.getSpec().getPorts().get(0).getPort();
    for (int i = from; i < to; i++) {
      try (SmtpConnection smtp = SmtpConnection.open(host, port, Duration.ofSeconds(20))) {
        SmtpConnection.Reply reply =
            smtp.send("e2e@sender.example.com", "someone@" + MailTier.ROUTED_DOMAIN, i + suffix);
        assertThat(reply.code()).as("reply to message %d: %s", i, reply.line()).isEqualTo(250);
      }
    }
    try (SmtpConnection smtp = SmtpConnection.open(host, port, Duration.ofSeconds(20))) {
      SmtpConnection.Reply refused =
          smtp.send("e2e@sender.example.com", "not an address", "refused" + from + suffix);
      assertThat(refused.code()).as("reply to a recipient that is no address").isBetween(500, 599);
    }
    tier.await(
        to + " messages at the sink",
        Duration.ofMinutes(1),
        Duration.ofSeconds(1),
        () -> sink.arrivals(suffix).size(),
        arrived -> arrived == to);
  }

  /** Waits until Prometheus has scraped a series that {@code promql} selects. */
  private static void awaitSeries(String promql) {
    tier.await(
        "Prometheus to have " + promql,
        DATA_TIMEOUT,
        PrometheusServer.INTERVAL,
        () -> prometheus.query(promql),
        QueryResult::hasData);
  }

  /** {@code POST /api/v1/sites/<site>/suspend?for=1h} on the tier's pod, with its admin token. */
  private static void suspendTheSite(KubernetesClient client) {
    Pod pod = tier.pod(0);
    Secret secret = client.secrets().withName(TIER + "-admin-token").get();
    assertThat(secret).as("the tier's admin token Secret").isNotNull();
    String token =
        new String(
                Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8)
            .strip();
    URI uri =
        URI.create(
            "http://"
                + pod.getStatus().getPodIP()
                + ":"
                + MailTier.containerPort(pod, "admin")
                + "/api/v1/sites/"
                + SITE
                + "/suspend?for=1h");
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(uri)
                      .header("Authorization", "Bearer " + token)
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("POST %s: %s", uri, response.body()).isEqualTo(200);
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during POST " + uri, e);
    }
  }

  @AfterAll
  static void stopPrometheusTierAndOperator() {
    Teardown.inOrder(
        Teardown.ifMade(prometheus, PrometheusServer::close),
        Teardown.ifMade(shortenedRules, PrometheusE2E::delete),
        Teardown.ifMade(tier, MailTier::delete),
        Teardown.ifMade(operator, OperatorRelease::uninstall),
        Teardown.ifMade(sink, SmtpSink::close));
  }

  @Test
  void everyMtaAndOperatorTargetIsUpWithTheLabelsTheRulesSelect() {
    List<Target> targets =
        await("one MTA and one operator target, both up")
            .atMost(DATA_TIMEOUT)
            .pollInterval(PrometheusServer.INTERVAL)
            .until(
                prometheus::targets,
                found ->
                    found.size() == 2
                        && found.stream().allMatch(target -> "up".equals(target.health())));

    assertThat(targets)
        .as("targets\n%s", prometheus.log())
        .extracting(Target::job)
        .containsExactlyInAnyOrder("mailfleet-mta", "mailfleet-operator");
    assertThat(target(targets, "mailfleet-mta").labels())
        .containsEntry("namespace", namespace)
        .containsEntry("pod", TIER + "-0")
        .containsEntry("tier", TIER)
        .containsEntry("mailcluster", MailTier.CLUSTER);
    assertThat(target(targets, "mailfleet-operator").labels())
        .containsEntry("namespace", namespace)
        .containsKey("pod");
  }

  @Test
  void everyDashboardQueryEvaluatesAndThoseThatMustHaveDataHaveIt() {
    Map<String, String> variables =
        Map.of(
            "$__rate_interval",
            "5m",
            "$namespace",
            namespace,
            "$mailcluster",
            MailTier.CLUSTER,
            "$tier",
            TIER);
    List<DashboardQuery> queries = sources.dashboardQueries();
    List<String> names = queries.stream().map(DashboardQuery::name).toList();
    assertThat(QUERIES_WITHOUT_DATA.keySet())
        .as("queries allowed without data that the dashboard has")
        .isSubsetOf(names);
    assertThat(QUERIES_ABOVE_ZERO.keySet())
        .as("queries above zero that the dashboard has")
        .isSubsetOf(names);
    Map<String, QueryResult> results = new LinkedHashMap<>();

    await("every dashboard query that must have data to have it")
        .atMost(DATA_TIMEOUT)
        .pollInterval(PrometheusServer.INTERVAL)
        .untilAsserted(
            () -> {
              results.clear();
              queries.forEach(
                  query -> results.put(query.name(), prometheus.query(query.resolved(variables))));
              assertThat(results)
                  .allSatisfy(
                      (name, result) -> {
                        assertThat(result.succeeded()).as("%s: %s", name, result.error()).isTrue();
                        if (!QUERIES_WITHOUT_DATA.containsKey(name)) {
                          assertThat(result.hasData()).as("%s has data", name).isTrue();
                        }
                        if (QUERIES_ABOVE_ZERO.containsKey(name)) {
                          assertThat(result.anyAboveZero())
                              .as("%s above zero: %s", name, result.summary())
                              .isTrue();
                        }
                      });
            });

    Map<String, String> notes = new LinkedHashMap<>(QUERIES_WITHOUT_DATA);
    QUERIES_ABOVE_ZERO.forEach((name, why) -> notes.put(name, "above zero: " + why));
    System.out.println(summary("dashboard queries", results, notes));
  }

  @Test
  void everyAlertExpressionEvaluatesAndOnlyTheProvokedOneMatches() {
    List<AlertRule> alerts = sources.alerts();
    Map<String, QueryResult> results = new LinkedHashMap<>();

    await(PROVOKED_ALERT + "'s expression to match the suspended site")
        .atMost(DATA_TIMEOUT)
        .pollInterval(PrometheusServer.INTERVAL)
        .untilAsserted(
            () -> {
              results.clear();
              alerts.forEach(alert -> results.put(alert.name(), prometheus.query(alert.expr())));
              assertThat(results.get(PROVOKED_ALERT).samples())
                  .anySatisfy(
                      sample ->
                          assertThat(sample.labels())
                              .containsEntry("site", SITE)
                              .containsEntry("tier", TIER)
                              .containsEntry("namespace", namespace));
            });

    System.out.println(
        summary(
            "alert expressions",
            results,
            Map.of(PROVOKED_ALERT, "provoked: must match; every other must not")));
    assertThat(results)
        .allSatisfy(
            (name, result) -> {
              assertThat(result.succeeded()).as("%s: %s", name, result.error()).isTrue();
              if (!name.equals(PROVOKED_ALERT)) {
                assertThat(result.samples())
                    .as("%s on a healthy tier (only %s was provoked)", name, PROVOKED_ALERT)
                    .isEmpty();
              }
            });
    assertThat(prometheus.ruleErrors()).as("rules Prometheus could not evaluate").isEmpty();
  }

  @Test
  void everyMetricTheRulesAndPanelsSelectIsExported() {
    Set<String> selected = new TreeSet<>();
    sources
        .alerts()
        .forEach(alert -> selected.addAll(MonitoringSources.selectedMetrics(alert.expr())));
    sources
        .dashboardQueries()
        .forEach(query -> selected.addAll(MonitoringSources.selectedMetrics(query.expr())));
    assertThat(METRICS_WITHOUT_SERIES.keySet())
        .as("metrics allowed without series that the rules or panels select")
        .isSubsetOf(selected);

    Set<String> missing = new TreeSet<>();
    await("every selected metric in Prometheus")
        .atMost(DATA_TIMEOUT)
        .pollInterval(PrometheusServer.INTERVAL)
        .untilAsserted(
            () -> {
              missing.clear();
              missing.addAll(selected);
              missing.removeAll(prometheus.metricNames());
              assertThat(missing)
                  .as("selected metrics without series (a misspelt name never matches)")
                  .isSubsetOf(METRICS_WITHOUT_SERIES.keySet());
            });

    System.out.println(
        "metrics the rules and panels select: "
            + selected.size()
            + ", with series: "
            + (selected.size() - missing.size())
            + ", without (allowed): "
            + missing);
  }

  @Test
  void aSiteSuspendedThroughTheAdminApiFiresTheAlertWhileTheHourLongOriginalIsPending() {
    List<Alert> alerts =
        await(PROVOKED_ALERT + " firing (for " + SHORT_FOR + ") and pending (for 1h)")
            .atMost(DATA_TIMEOUT)
            .pollInterval(PrometheusServer.INTERVAL)
            .until(
                prometheus::alerts,
                found ->
                    state(found, true).equals("firing") && state(found, false).equals("pending"));

    Alert firing =
        alerts.stream()
            .filter(alert -> alert.labels().containsKey("for_shortened_to"))
            .findFirst()
            .orElseThrow();
    assertThat(firing.labels())
        .containsEntry("alertname", PROVOKED_ALERT)
        .containsEntry("severity", "warning")
        .containsEntry("namespace", namespace)
        .containsEntry("mailcluster", MailTier.CLUSTER)
        .containsEntry("tier", TIER)
        .containsEntry("site", SITE);
    System.out.println("alerts: " + alerts);
  }

  /** The state of the provoked alert from the shortened copy, or from the original rule. */
  private static String state(List<Alert> alerts, boolean shortened) {
    return alerts.stream()
        .filter(alert -> PROVOKED_ALERT.equals(alert.labels().get("alertname")))
        .filter(alert -> SITE.equals(alert.labels().get("site")))
        .filter(alert -> alert.labels().containsKey("for_shortened_to") == shortened)
        .map(Alert::state)
        .findFirst()
        .orElse("absent");
  }

  private static Target target(List<Target> targets, String job) {
    return targets.stream().filter(t -> t.job().equals(job)).findFirst().orElseThrow();
  }

  /** One line per query: its name, what it returned, and why it may or must have no data. */
  private static String summary(
      String title, Map<String, QueryResult> results, Map<String, String> notes) {
    StringBuilder text = new StringBuilder("--- ").append(title).append(" ---\n");
    results.forEach(
        (name, result) ->
            text.append(name)
                .append(": ")
                .append(result.summary())
                .append(notes.containsKey(name) ? "  (" + notes.get(name) + ")" : "")
                .append('\n'));
    return text.toString();
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
