package io.mailfleet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alerting rules (monitoring/alerts.yaml) and the dashboard's queries
 * (monitoring/dashboards/mailfleet.json) as the repository holds them, for tests that run them
 * against a Prometheus.
 */
final class MonitoringSources {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)$", Pattern.DOTALL);
  private static final Pattern SELECTED_METRIC =
      Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

  /** One query of the dashboard: a panel's target, or a template variable's values. */
  record DashboardQuery(String name, String expr) {

    /**
     * The query as Grafana sends it: {@code variables} (name with its {@code $}, e.g. {@code
     * $namespace}) replaced by their values.
     */
    String resolved(Map<String, String> variables) {
      String result = expr;
      for (Map.Entry<String, String> variable : variables.entrySet()) {
        result = result.replace(variable.getKey(), variable.getValue());
      }
      if (result.contains("$")) {
        throw new IllegalArgumentException("a variable without a value in " + expr);
      }
      return result;
    }
  }

  /** One alerting rule: its name, expression and {@code for} (empty when it has none). */
  record AlertRule(String name, String expr, String pendingFor) {}

  private final Path repository;

  MonitoringSources(Path repository) {
    this.repository = repository;
  }

  Path rulesFile() {
    return repository.resolve("monitoring/alerts.yaml");
  }

  /** Every alerting rule of the rules file, in its order. */
  List<AlertRule> alerts() {
    List<AlertRule> alerts = new ArrayList<>();
    for (JsonNode group : readYaml(rulesFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.add(
              new AlertRule(
                  rule.path("alert").asText(),
                  rule.path("expr").asText().strip(),
                  rule.path("for").asText("")));
        }
      }
    }
    return alerts;
  }

  /**
   * Every query of the dashboard: each panel target, named {@code <panel title> <refId>}, and each
   * query variable's {@code label_values(selector, label)} as the {@code count by (label)} of its
   * selector, named {@code variable <name>}.
   */
  List<DashboardQuery> dashboardQueries() {
    JsonNode dashboard = readJson(repository.resolve("monitoring/dashboards/mailfleet.json"));
    List<DashboardQuery> queries = new ArrayList<>();
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if ("query".equals(variable.path("type").asText())) {
        Matcher values = LABEL_VALUES.matcher(variable.at("/query/query").asText().strip());
        if (!values.matches()) {
          throw new IllegalArgumentException(
              "variable " + variable.path("name").asText() + " is not a label_values query");
        }
        queries.add(
            new DashboardQuery(
                "variable " + variable.path("name").asText(),
                "count by (" + values.group(2) + ") (" + values.group(1) + ")"));
      }
    }
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(
            new DashboardQuery(
                panel.path("title").asText() + " " + target.path("refId").asText(),
                target.path("expr").asText()));
      }
    }
    return queries;
  }

  /** The metric names {@code expr} selects (each written as {@code name{...}}). */
  static Set<String> selectedMetrics(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher metric = SELECTED_METRIC.matcher(expr);
    while (metric.find()) {
      names.add(metric.group(1));
    }
    return names;
  }

  /**
   * A copy of the rules file holding only {@code alert}, in a group of its own, waiting {@code
   * pendingFor} instead of its own {@code for} and labelled {@code for_shortened_to} with it, so
   * that its alerts stand apart from the original rule's.
   */
  String withShortenedFor(String alert, String pendingFor) {
    for (JsonNode group : readYaml(rulesFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (alert.equals(rule.path("alert").asText())) {
          ObjectNode copy = ((ObjectNode) rule).deepCopy();
          copy.put("for", pendingFor);
          copy.withObjectProperty("labels").put("for_shortened_to", pendingFor);
          ObjectNode file = YAML.createObjectNode();
          ArrayNode groups = file.putArray("groups");
          ObjectNode shortened = groups.addObject().put("name", "shortened-for");
          shortened.putArray("rules").add(copy);
          try {
            return YAML.writeValueAsString(file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    throw new IllegalArgumentException("no alert " + alert + " in " + rulesFile());
  }

  private static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
