package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mailfleet.operator.api.v1alpha1.DeliveryDefaults;
import io.mailfleet.operator.api.v1alpha1.DkimKey;
import io.mailfleet.operator.api.v1alpha1.InboundSpec;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.RetryPolicy;
import io.mailfleet.operator.api.v1alpha1.SecretReference;
import io.mailfleet.operator.api.v1alpha1.ShapingLimits;
import io.mailfleet.operator.api.v1alpha1.SiteShaping;
import io.mailfleet.operator.api.v1alpha1.SpoolDurability;
import io.mailfleet.operator.api.v1alpha1.SpoolSpec;
import io.mailfleet.operator.api.v1alpha1.StaticRoute;
import io.mailfleet.operator.api.v1alpha1.SuspensionRule;
import io.mailfleet.operator.api.v1alpha1.TlsPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The MTA configuration file rendered for a tier. */
class MtaConfigModelTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of(
            "schema defaults",
            (Consumer<MailCluster>) c -> {},
            Map.of(
                "/hostname", "mx.mail.example.com",
                "/smtp/listeners/0/address", "0.0.0.0",
                "/smtp/listeners/0/port", "2525",
                "/smtp/listeners/0/proxyProtocol", "false",
                "/smtp/limits/maxMessageSize", "26214400",
                "/smtp/limits/maxRecipients", "100",
                "/spool/directory", "/var/spool/mailfleet",
                "/spool/durability", "FSYNC",
                "/admin/port", "8080",
                "/shutdownGrace", "600s")),
        Arguments.of(
            "limits, proxy protocol and batched spool",
            (Consumer<MailCluster>)
                c -> {
                  c.getSpec()
                      .setInbound(
                          new InboundSpec()
                              .setMaxMessageSize("10Mi")
                              .setMaxRecipients(500)
                              .setProxyProtocol(true));
                  c.getSpec().setSpool(new SpoolSpec().setDurability(SpoolDurability.BATCHED));
                },
            Map.of(
                "/smtp/limits/maxMessageSize", "10485760",
                "/smtp/limits/maxRecipients", "500",
                "/smtp/listeners/0/proxyProtocol", "true",
                "/spool/durability", "BATCHED")),
        Arguments.of(
            "STARTTLS from the mounted secret",
            (Consumer<MailCluster>)
                c ->
                    c.getSpec()
                        .setInbound(
                            new InboundSpec()
                                .setTls(new SecretReference().setSecretName("mx-tls"))),
            Map.of(
                "/smtp/tls/certificateFile", "/etc/mailfleet/tls/tls.crt",
                "/smtp/tls/privateKeyFile", "/etc/mailfleet/tls/tls.key")),
        Arguments.of(
            "AUTH users from the mounted secret, offered only after STARTTLS",
            (Consumer<MailCluster>)
                c ->
                    c.getSpec()
                        .setInbound(
                            new InboundSpec()
                                .setTls(new SecretReference().setSecretName("mx-tls"))
                                .setAuth(new SecretReference().setSecretName("smtp-users"))),
            Map.of(
                "/smtp/auth/usersFile", "/etc/mailfleet/auth/users",
                "/smtp/auth/requireTls", "true")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void clusterSettingsBecomeMtaSettings(
      String what, Consumer<MailCluster> change, Map<String, String> expected) throws IOException {
    MailCluster cluster = TierFixtures.cluster();
    change.accept(cluster);

    JsonNode config = YAML.readTree(MtaConfigModel.render(cluster, TierFixtures.tier()).yaml());

    expected.forEach(
        (pointer, value) -> assertThat(config.at(pointer).asText()).as(pointer).isEqualTo(value));
  }

  @Test
  void relayWithoutAuthIsOpenOnlyToPrivateNetworks() throws IOException {
    JsonNode config =
        YAML.readTree(MtaConfigModel.render(TierFixtures.cluster(), TierFixtures.tier()).yaml());

    assertThat(config.at("/smtp/relay/networks"))
        .extracting(JsonNode::asText)
        .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8");
  }

  /**
   * The MTA refuses unknown fields. Its defaults.yaml names every field it knows, so every field
   * the operator writes must be there; blocks that are absent or empty lists in the defaults (TLS,
   * AUTH, DKIM keys, named sites) are checked by name against the MTA's config records.
   */
  @Test
  void everyRenderedFieldIsOneTheMtaKnows() throws IOException {
    MailCluster cluster = TierFixtures.cluster();
    cluster
        .getSpec()
        .setInbound(
            new InboundSpec()
                .setTls(new SecretReference().setSecretName("mx-tls"))
                .setAuth(new SecretReference().setSecretName("smtp-users")));
    cluster
        .getSpec()
        .setDelivery(
            new DeliveryDefaults()
                .setDkim(
                    List.of(
                        new DkimKey()
                            .setDomain("example.com")
                            .setSelector("s1")
                            .setSecretName("dkim")))
                .setRetry(new RetryPolicy().setSchedule(List.of("5m", "1h")).setMaxAge("72h"))
                .setShaping(
                    new ShapingLimits()
                        .setMaxConnections(20)
                        .setDeliveriesPerConnection(100)
                        .setMessagesPerHour(1000)
                        .setMessagesPerMinute(100)
                        .setTls(TlsPolicy.OPPORTUNISTIC)));
    var tier = TierFixtures.tier();
    tier.getSpec()
        .setShaping(
            List.of(
                new SiteShaping()
                    .setName("google")
                    .setDomains(List.of("gmail.com"))
                    .setMxSuffixes(List.of(".google.com"))
                    .setLimits(
                        new ShapingLimits()
                            .setMaxConnections(5)
                            .setDeliveriesPerConnection(10)
                            .setMessagesPerHour(100)
                            .setMessagesPerMinute(10)
                            .setConnectionsPerMinute(30)
                            .setTls(TlsPolicy.REQUIRED))
                    .setSuspension(
                        new SuspensionRule().setConsecutiveDeferrals(5).setSuspendFor("1h"))));
    JsonNode rendered = YAML.readTree(MtaConfigModel.render(cluster, tier).yaml());
    JsonNode defaults =
        YAML.readTree(Files.readString(mtaFile("resources/io/mailfleet/mta/config/defaults.yaml")));
    Map<String, String> records = new LinkedHashMap<>();
    records.put("/smtp/tls/", "TlsConfig");
    records.put("/smtp/auth/", "AuthConfig");
    records.put("/delivery/dkim/0/", "DkimKeyConfig");
    records.put("/delivery/shaping/sites/0/limits/", "ShapingLimits");
    records.put("/delivery/shaping/sites/0/suspension/", "SuspensionRule");
    records.put("/delivery/shaping/sites/0/", "SiteShaping");
    List<String> unknown = new ArrayList<>();
    for (String path : leafPaths(rendered, "")) {
      String prefix = records.keySet().stream().filter(path::startsWith).findFirst().orElse(null);
      if (prefix != null) {
        String field = path.substring(prefix.length());
        if (!recordComponents(records.get(prefix)).contains(field)) {
          unknown.add(path);
        }
      } else if (defaults.at(path.replaceAll("/[0-9]+/", "/0/")).isMissingNode()) {
        unknown.add(path);
      }
    }
    assertThat(unknown).as("fields the MTA does not know").isEmpty();
  }

  /** The component names of the MTA config record {@code name}. */
  private static List<String> recordComponents(String name) throws IOException {
    String source = Files.readString(mtaFile("java/io/mailfleet/mta/config/" + name + ".java"));
    Matcher header =
        Pattern.compile("public record " + name + "\\((.*?)\\)\\s*\\{", Pattern.DOTALL)
            .matcher(source);
    assertThat(header.find()).as("record " + name).isTrue();
    List<String> components = new ArrayList<>();
    for (String component : header.group(1).split(",")) {
      String[] words = component.trim().split("\\s+");
      components.add(words[words.length - 1]);
    }
    return components;
  }

  @Test
  void theTierDrainTimeoutIsTheMtaShutdownGrace() throws IOException {
    var tier = TierFixtures.tier();
    tier.getSpec().getScaling().setDrainTimeout("2m");

    JsonNode config = YAML.readTree(MtaConfigModel.render(TierFixtures.cluster(), tier).yaml());

    assertThat(config.at("/shutdownGrace").asText()).isEqualTo("120s");
  }

  @Test
  void clusterStaticRoutesBecomeTheMtaRoutes() throws IOException {
    MailCluster cluster = TierFixtures.cluster();
    cluster
        .getSpec()
        .setDelivery(
            new DeliveryDefaults()
                .setRoutes(
                    List.of(
                        new StaticRoute().setDomain("relay.example.com").setTarget("smart:587"))));

    JsonNode config = YAML.readTree(MtaConfigModel.render(cluster, TierFixtures.tier()).yaml());

    assertThat(config.at("/delivery/routes/relay.example.com").asText()).isEqualTo("smart:587");
  }

  @Test
  void pausedTierAcceptsButDoesNotDeliver() throws IOException {
    var tier = TierFixtures.tier();
    JsonNode running = YAML.readTree(MtaConfigModel.render(TierFixtures.cluster(), tier).yaml());
    tier.getSpec().setPaused(true);

    JsonNode paused = YAML.readTree(MtaConfigModel.render(TierFixtures.cluster(), tier).yaml());

    assertThat(running.at("/delivery/paused").asBoolean()).isFalse();
    assertThat(paused.at("/delivery/paused").asBoolean()).isTrue();
  }

  @Test
  void tierRetryOverridesTheClusterFieldByFieldInWholeSeconds() throws IOException {
    MailCluster cluster = TierFixtures.cluster();
    cluster
        .getSpec()
        .setDelivery(
            new DeliveryDefaults()
                .setRetry(new RetryPolicy().setSchedule(List.of("5m", "1h30m")).setMaxAge("72h")));
    var tier = TierFixtures.tier();
    JsonNode clusterOnly = YAML.readTree(MtaConfigModel.render(cluster, tier).yaml());
    tier.getSpec().setRetry(new RetryPolicy().setMaxAge("1h"));
    JsonNode overridden = YAML.readTree(MtaConfigModel.render(cluster, tier).yaml());

    assertThat(clusterOnly.at("/delivery/retry/schedule"))
        .extracting(JsonNode::asText)
        .containsExactly("300s", "5400s");
    assertThat(clusterOnly.at("/delivery/retry/maxAge").asText()).isEqualTo("259200s");
    assertThat(overridden.at("/delivery/retry/schedule"))
        .extracting(JsonNode::asText)
        .containsExactly("300s", "5400s");
    assertThat(overridden.at("/delivery/retry/maxAge").asText()).isEqualTo("3600s");
  }

  @Test
  void transfersMayGoOnlyToTheTiersOwnPods() throws IOException {
    JsonNode config =
        YAML.readTree(MtaConfigModel.render(TierFixtures.cluster(), TierFixtures.tier()).yaml());

    assertThat(config.at("/delivery/transferPeers"))
        .extracting(JsonNode::asText)
        .containsExactly(".bulk-pods.mail-eu.svc", ".bulk-pods.mail-eu.svc.cluster.local");
  }

  @Test
  void dkimKeysAreReadFromTheMountedSecrets() throws IOException {
    MailCluster cluster = TierFixtures.cluster();
    cluster
        .getSpec()
        .setDelivery(
            new DeliveryDefaults()
                .setDkim(
                    List.of(
                        new DkimKey()
                            .setDomain("example.com")
                            .setSelector("s2026")
                            .setSecretName("dkim-example"))));
    JsonNode config = YAML.readTree(MtaConfigModel.render(cluster, TierFixtures.tier()).yaml());
    assertThat(config.at("/delivery/dkim/0/domain").asText()).isEqualTo("example.com");
    assertThat(config.at("/delivery/dkim/0/selector").asText()).isEqualTo("s2026");
    assertThat(config.at("/delivery/dkim/0/keyFile").asText())
        .isEqualTo("/etc/mailfleet/dkim/dkim-example/private.key");
  }

  @Test
  void clusterShapingIsTheDefaultAndTierSitesKeepOnlyTheLimitsTheySet() throws IOException {
    MailCluster cluster = TierFixtures.cluster();
    cluster
        .getSpec()
        .setDelivery(
            new DeliveryDefaults()
                .setShaping(
                    new ShapingLimits()
                        .setMaxConnections(20)
                        .setDeliveriesPerConnection(100)
                        .setTls(TlsPolicy.OPPORTUNISTIC)));
    var tier = TierFixtures.tier();
    tier.getSpec()
        .setShaping(
            List.of(
                new SiteShaping()
                    .setName("google")
                    .setMxSuffixes(List.of(".google.com"))
                    .setLimits(
                        new ShapingLimits()
                            .setMaxConnections(5)
                            .setMessagesPerHour(3600)
                            .setConnectionsPerMinute(60))
                    .setSuspension(
                        new SuspensionRule().setConsecutiveDeferrals(8).setSuspendFor("1h30m"))));
    JsonNode config = YAML.readTree(MtaConfigModel.render(cluster, tier).yaml());
    assertThat(config.at("/delivery/shaping/defaults/maxConnections").asInt()).isEqualTo(20);
    assertThat(config.at("/delivery/shaping/defaults/tls").asText()).isEqualTo("OPPORTUNISTIC");
    JsonNode google = config.at("/delivery/shaping/sites/0");
    assertThat(google.at("/name").asText()).isEqualTo("google");
    assertThat(google.at("/mxSuffixes/0").asText()).isEqualTo(".google.com");
    assertThat(google.at("/limits/maxConnections").asInt()).isEqualTo(5);
    assertThat(google.at("/limits/messagesPerHour").asInt()).isEqualTo(3600);
    assertThat(google.at("/limits/connectionsPerMinute").asInt()).isEqualTo(60);
    assertThat(google.at("/limits/deliveriesPerConnection").isMissingNode())
        .as("unset: the MTA takes the default")
        .isTrue();
    assertThat(google.at("/suspension/deferrals").asInt()).isEqualTo(8);
    assertThat(google.at("/suspension/suspendFor").asText()).isEqualTo("5400s");
  }

  private static Path mtaFile(String underSrcMain) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("mta-image/src/main").resolve(underSrcMain);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new AssertionError(
        "mta-image/src/main/" + underSrcMain + " not found above " + Path.of("").toAbsolutePath());
  }

  private static List<String> leafPaths(JsonNode node, String prefix) {
    List<String> paths = new ArrayList<>();
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        paths.addAll(leafPaths(field.getValue(), prefix + "/" + field.getKey()));
      }
    } else if (node.isArray() && node.size() > 0 && node.get(0).isContainerNode()) {
      for (int i = 0; i < node.size(); i++) {
        paths.addAll(leafPaths(node.get(i), prefix + "/" + i));
      }
    } else {
      paths.add(prefix);
    }
    return paths;
  }
}
