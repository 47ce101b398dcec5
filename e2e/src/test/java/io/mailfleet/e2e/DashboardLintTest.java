package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lints monitoring/dashboards/mailfleet.json (the chart's dashboard ConfigMap reads the same file)
 * with the rules of Grafana's dashboard linter that apply to it, and checks every query is valid
 * PromQL with promtool. Grafana's own linter is not served by the module proxy here.
 */
class DashboardLintTest {

  // What Grafana substitutes for the dashboard's variables, for promtool to parse the queries.
  private static final Map<String, String> VARIABLES =
      Map.of(
          "$__rate_interval", "5m",
          "$namespace", "mail",
          "$mailcluster", ".*",
          "$tier", ".*");
  private static final Pattern RANGE =
      Pattern.compile("\\b(rate|increase|deriv)\\(([^\\[]*)\\[([^]]+)]");
  private static final Pattern SELECTOR = Pattern.compile("\\b(mailfleet_[a-z_]+|up)\\{([^}]*)}");

  private static Path repository;
  private static JsonNode dashboard;
  private static List<JsonNode> panels;

  @BeforeAll
  static void readDashboard() throws IOException {
    repository = ProjectCheckout.root();
    dashboard =
        new ObjectMapper()
            .readTree(repository.resolve("monitoring/dashboards/mailfleet.json").toFile());
    panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
  }

  @Test
  void dashboardHasAStableUidATitleAndADataSourceVariable() {
    assertThat(dashboard.path("uid").asText()).isEqualTo("mailfleet-overview");
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
    assertThat(variables())
        .anySatisfy(
            v -> {
              assertThat(v.path("name").asText()).isEqualTo("datasource");
              assertThat(v.path("type").asText()).isEqualTo("datasource");
              assertThat(v.path("query").asText()).isEqualTo("prometheus");
            });
  }

  @Test
  void everyPanelHasAUniqueIdAndTitleAndFitsTheGrid() {
    Set<Integer> ids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + title).isTrue();
      assertThat(titles.add(title)).as("unique title " + title).isTrue();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt())
          .as(title + " within 24 columns")
          .isBetween(1, 24);
      assertThat(grid.path("h").asInt()).as(title + " height").isPositive();
    }
  }

  @Test
  void everyGraphSaysWhatItShowsInWhichUnitFromTheDataSourceVariable() {
    for (JsonNode panel : graphs()) {
      String title = panel.path("title").asText();
      assertThat(panel.path("description").asText()).as(title + " description").isNotBlank();
      assertThat(panel.at("/fieldConfig/defaults/unit").asText()).as(title + " unit").isNotBlank();
      assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo("${datasource}");
      assertThat(panel.path("targets")).as(title + " queries").isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.at("/datasource/uid").asText()).as(title).isEqualTo("${datasource}");
        assertThat(target.path("legendFormat").asText()).as(title + " legend").isNotBlank();
      }
    }
  }

  @Test
  void everyQuerySelectsItsJobAndRatesOverTheRateInterval() {
    for (JsonNode panel : graphs()) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        Matcher range = RANGE.matcher(expr);
        while (range.find()) {
          assertThat(range.group(3)).as(expr).isEqualTo("$__rate_interval");
        }
        Matcher selector = SELECTOR.matcher(expr);
        while (selector.find()) {
          assertThat(selector.group(2))
              .as(expr)
              .containsAnyOf("job=\"mailfleet-mta\"", "job=\"mailfleet-operator\"");
        }
        if (expr.contains("mailfleet_mta_") || expr.contains("up{")) {
          assertThat(expr).as(expr).contains("namespace=\"$namespace\"", "tier=~\"$tier\"");
        }
      }
    }
  }

  @Test
  void everyQueryAndVariableIsValidPromQl() throws IOException {
    List<String> expressions = new ArrayList<>();
    graphs().forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    for (JsonNode variable : variables()) {
      Matcher labelValues =
          Pattern.compile("label_values\\((.*), *[a-z_]+\\)")
              .matcher(variable.at("/query/query").asText());
      if (labelValues.matches()) {
        expressions.add(labelValues.group(1));
      }
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode rules = yaml.createObjectNode();
    var group = rules.putArray("groups").addObject().put("name", "dashboard");
    var list = group.putArray("rules");
    for (int i = 0; i < expressions.size(); i++) {
      list.addObject()
          .put("record", "dashboard:query_" + i)
          .put("expr", substitute(expressions.get(i)));
    }
    Path file = Files.createTempFile("dashboard-queries", ".yaml");
    try {
      yaml.writeValue(file.toFile(), rules);
      HostCommand promtool =
          HostCommand.onPath(
              "promtool",
              repository,
              "It comes with Debian's prometheus package: run e2e/cluster/prereqs.sh as root"
                  + " (or apt-get install prometheus).");

      String output = promtool.runOrFail(Duration.ofMinutes(2), "check", "rules", file.toString());

      assertThat(output).contains("SUCCESS: " + expressions.size() + " rules found");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static List<JsonNode> graphs() {
    return panels.stream().filter(p -> !p.path("type").asText().equals("row")).toList();
  }

  private static List<JsonNode> variables() {
    List<JsonNode> variables = new ArrayList<>();
    dashboard.at("/templating/list").forEach(variables::add);
    return variables;
  }

  private static String substitute(String expr) {
    String result = expr;
    for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
      result = result.replace(variable.getKey(), variable.getValue());
    }
    assertThat(result).as("a variable the lint does not know in " + expr).doesNotContain("$");
    return result;
  }
}
