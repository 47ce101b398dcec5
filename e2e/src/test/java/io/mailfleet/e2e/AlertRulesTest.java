package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules in monitoring/alerts.yaml (the chart's PrometheusRule reads the same file):
 * valid for Prometheus, each documented, and each proven firing and quiet by promtool's unit tests
 * in monitoring/alerts-test.yaml.
 */
class AlertRulesTest {

  private static final Duration PROMTOOL_TIMEOUT = Duration.ofMinutes(2);
  private static final String RUNBOOK_PREFIX =
      "https://github.com/mailfleet/mailfleet/blob/main/docs/operations.md#";

  private static Path repository;
  private static HostCommand promtool;
  private static JsonNode rules;
  private static JsonNode ruleTests;

  @BeforeAll
  static void readRules() throws IOException {
    repository = ProjectCheckout.root();
    promtool =
        HostCommand.onPath(
            "promtool",
            repository.resolve("monitoring"),
            "It comes with Debian's prometheus package: run e2e/cluster/prereqs.sh as root"
                + " (or apt-get install prometheus).");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    rules = yaml.readTree(repository.resolve("monitoring/alerts.yaml").toFile());
    ruleTests = yaml.readTree(repository.resolve("monitoring/alerts-test.yaml").toFile());
  }

  @Test
  void rulesFileIsValidForPrometheus() {
    String output = promtool.runOrFail(PROMTOOL_TIMEOUT, "check", "rules", "alerts.yaml");

    assertThat(output).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void promtoolUnitTestsOfEveryAlertPass() {
    String output = promtool.runOrFail(PROMTOOL_TIMEOUT, "test", "rules", "alerts-test.yaml");

    assertThat(output).contains("SUCCESS");
  }

  @Test
  void everyAlertIsTestedFiringAndQuiet() {
    Set<String> firing = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    for (JsonNode test : ruleTests.path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        String alert = check.path("alertname").asText();
        (check.path("exp_alerts").isEmpty() ? quiet : firing).add(alert);
      }
    }

    assertThat(firing).as("alerts tested firing").containsAll(alertNames());
    assertThat(quiet).as("alerts tested quiet").containsAll(alertNames());
  }

  @Test
  void everyAlertHasASummaryADescriptionAndARunbookSection() throws IOException {
    Set<String> anchors = headingAnchors(repository.resolve("docs/operations.md"));
    for (JsonNode alert : alerts()) {
      JsonNode annotations = alert.path("annotations");
      String name = alert.path("alert").asText();

      assertThat(annotations.path("summary").asText()).as(name + " summary").isNotBlank();
      assertThat(annotations.path("description").asText()).as(name + " description").isNotBlank();
      assertThat(alert.path("labels").path("severity").asText())
          .as(name + " severity")
          .isIn("critical", "warning", "info");
      assertThat(annotations.path("runbook_url").asText())
          .as(name + " runbook_url")
          .startsWith(RUNBOOK_PREFIX);
      assertThat(anchors)
          .as(name + " runbook section in docs/operations.md")
          .contains(annotations.path("runbook_url").asText().substring(RUNBOOK_PREFIX.length()));
    }
  }

  private static List<JsonNode> alerts() {
    List<JsonNode> alerts = new ArrayList<>();
    rules.path("groups").forEach(group -> group.path("rules").forEach(alerts::add));
    return alerts;
  }

  private static List<String> alertNames() {
    return alerts().stream().map(alert -> alert.path("alert").asText()).toList();
  }

  // GitHub's anchors: the heading in lower case, punctuation dropped, spaces as hyphens.
  private static Set<String> headingAnchors(Path markdown) throws IOException {
    Set<String> anchors = new HashSet<>();
    Matcher heading = Pattern.compile("(?m)^#+ +(.+)$").matcher(Files.readString(markdown));
    while (heading.find()) {
      anchors.add(
          heading
              .group(1)
              .trim()
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^a-z0-9 _-]", "")
              .replace(' ', '-'));
    }
    return anchors;
  }
}
