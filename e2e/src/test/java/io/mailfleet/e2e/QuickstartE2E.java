package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quick start as a user runs it: {@code helm install} the chart with the locally built operator
 * image, {@code kubectl apply --server-side -f examples/quickstart.yaml}, wait for the tier, send a
 * message with swaks to the tier's Service. The images come from the Maven build (Jib) and are
 * imported into the node's containerd by e2e/cluster/test.sh.
 *
 * <p>The MailCluster gets one static route: mail for example.org goes to a Postfix {@code
 * smtp-sink} on the node's address, where the test finds the message the MTA delivered. It also
 * gets a DKIM key for the sender's domain, from a Secret the pods mount, so the delivered message
 * shows the operator's rendering and the MTA's signing meet in a real pod.
 */
@LocalCluster
class QuickstartE2E {

  /** The DeliveryTier examples/quickstart.yaml makes. */
  static final String TIER = "default";

  private static final Duration TIER_TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern QUEUED = Pattern.compile("(?m)^<-\\s+250 .*queued as (\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The receiving MX: on the node's bridge address (e2e/cluster/node.sh), which pods reach. */
  private static final String SINK_HOST = "10.244.0.1";

  private static final int SINK_PORT = 12625;

  /** The sender's domain, signed with an Ed25519 key from {@link #DKIM_SECRET}. */
  private static final String SENDER_DOMAIN = "sender.example.com";

  private static final String DKIM_SECRET = "quickstart-dkim";
  private static final String DKIM_SELECTOR = "e2e2026";
  private static final Path SINK_PROGRAM = Path.of("/usr/sbin/smtp-sink");
  private static Process sink;
  private static Path sinkDumps;

  private static Path repository;
  private static OperatorRelease operator;
  private static HostCommand kubectl;

  @BeforeAll
  static void installChartAndQuickstart(KubernetesClient client) {
    repository = ProjectCheckout.root();
    operator = OperatorRelease.install(client, 2);
    kubectl = operator.kubectl();

    startSink();
    applyQuickstartWithRouteToSink(client);
  }

  /** Postfix's smtp-sink on the node address, dumping every message it accepts into a file. */
  private static void startSink() {
    if (!Files.isExecutable(SINK_PROGRAM)) {
      fail(
          SINK_PROGRAM
              + " is missing: install the Debian package postfix (e2e/cluster/prereqs.sh)");
    }
    try {
      sinkDumps = Files.createTempDirectory("quickstart-sink");
      sink =
          new ProcessBuilder(
                  SINK_PROGRAM.toString(),
                  "-u",
                  "root",
                  "-d",
                  sinkDumps + "/%M%S.",
                  SINK_HOST + ":" + SINK_PORT,
                  "64")
              .redirectErrorStream(true)
              .redirectOutput(sinkDumps.resolve("smtp-sink.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + SINK_PROGRAM, e);
    }
    await("smtp-sink listening on " + SINK_HOST + ":" + SINK_PORT)
        .atMost(Duration.ofSeconds(20))
        .failFast("smtp-sink exited", () -> !sink.isAlive())
        .ignoreExceptions()
        .until(
            () -> {
              try (var socket = new java.net.Socket(SINK_HOST, SINK_PORT)) {
                return true;
              }
            });
  }

  /**
   * examples/quickstart.yaml as it is, plus a static route for example.org to the sink and a DKIM
   * key for {@link #SENDER_DOMAIN} in a Secret made first.
   */
  @SuppressWarnings("unchecked")
  private static void applyQuickstartWithRouteToSink(KubernetesClient client) {
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(DKIM_SECRET)
                .endMetadata()
                .addToStringData("private.key", ed25519PrivateKeyPem())
                .build())
        .serverSideApply();
    Path quickstart = repository.resolve("examples/quickstart.yaml");
    try (var manifest = Files.newInputStream(quickstart)) {
      List<HasMetadata> objects = client.load(manifest).items();
      for (HasMetadata object : objects) {
        if (object instanceof GenericKubernetesResource resource
            && "MailCluster".equals(resource.getKind())) {
          Map<String, Object> spec =
              (Map<String, Object>) resource.getAdditionalProperties().get("spec");
          Map<String, Object> delivery =
              (Map<String, Object>)
                  spec.computeIfAbsent("delivery", k -> new java.util.LinkedHashMap<>());
          delivery.put(
              "routes",
              List.of(Map.of("domain", "example.org", "target", SINK_HOST + ":" + SINK_PORT)));
          delivery.put(
              "dkim",
              List.of(
                  Map.of(
                      "domain",
                      SENDER_DOMAIN,
                      "selector",
                      DKIM_SELECTOR,
                      "secretName",
                      DKIM_SECRET)));
        }
        client.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new Ed25519 private key as PKCS#8 PEM, what a DKIM key Secret holds. */
  private static String ed25519PrivateKeyPem() {
    try {
      byte[] pkcs8 =
          KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(pkcs8)
          + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Java 17 has Ed25519", e);
    }
  }

  /** The sink's dump files that contain {@code text}. */
  private static long sinkMessagesContaining(String text) throws IOException {
    try (Stream<Path> files = Files.list(sinkDumps)) {
      return files
          .filter(f -> !f.getFileName().toString().equals("smtp-sink.log"))
          .filter(
              f -> {
                try {
                  return Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)
                      .contains(text);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .count();
    }
  }

  /** The one dump file that contains {@code text}. */
  private static String sinkMessage(String text) throws IOException {
    try (Stream<Path> files = Files.list(sinkDumps)) {
      for (Path file : files.toList()) {
        String dump = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (!file.getFileName().toString().equals("smtp-sink.log") && dump.contains(text)) {
          return dump;
        }
      }
    }
    return fail("no message with " + text + " at the sink");
  }

  @AfterAll
  static void uninstallChartCleanly(KubernetesClient client) {
    if (sink != null) {
      sink.destroy();
    }
    if (operator == null) {
      return;
    }
    String namespace = client.getNamespace();
    // The custom resources go first, while the operator still runs to finish what they hold.
    HostCommand.Result deleteQuickstart =
        kubectl.run(
            Duration.ofMinutes(2),
            "delete",
            "--namespace",
            namespace,
            "--wait",
            "-f",
            "examples/quickstart.yaml");
    operator.uninstall();
    assertThat(deleteQuickstart.succeeded()).as(deleteQuickstart::describe).isTrue();
    assertThat(client.apps().deployments().withName(OperatorRelease.NAME).get())
        .as("operator Deployment %s after helm uninstall", OperatorRelease.NAME)
        .isNull();
  }

  @Test
  void quickstartTierTurnsReadyWithReadyMtaPods(KubernetesClient client) {
    HostCommand.Result wait = waitForTierReady(client);

    assertThat(wait.succeeded()).as(() -> wait.describe() + diagnostics()).isTrue();
    List<Pod> pods = tierPods(client);
    assertThat(pods).as(() -> "tier pods" + diagnostics()).isNotEmpty();
    assertThat(pods)
        .allSatisfy(pod -> assertThat(isReady(pod)).as("pod %s Ready", name(pod)).isTrue())
        .allSatisfy(
            pod ->
                assertThat(pod.getSpec().getContainers().get(0).getImage())
                    .isEqualTo("mailfleet.local/mta:" + ProjectCheckout.imagesTag()));
  }

  @Test
  void messageSentWithSwaksToTierServiceIsDeliveredSignedToTheSink(KubernetesClient client)
      throws IOException {
    assertThat(waitForTierReady(client).succeeded())
        .as(() -> "tier " + TIER + " Ready" + diagnostics())
        .isTrue();
    var service = client.services().withName(TIER).get();
    assertThat(service).as("submission Service %s", TIER).isNotNull();
    String address = service.getSpec().getClusterIP();
    int port = service.getSpec().getPorts().get(0).getPort();
    HostCommand swaks =
        HostCommand.onPath(
            "swaks", repository, "Install the Debian package swaks (e2e/cluster/prereqs.sh does).");

    String subject = "quickstart " + UUID.randomUUID();
    String transcript =
        swaks.runOrFail(
            Duration.ofMinutes(1),
            "--server",
            address,
            "--port",
            String.valueOf(port),
            "--timeout",
            "30",
            "--from",
            "e2e@" + SENDER_DOMAIN,
            "--to",
            "someone@example.org",
            "--header",
            "Subject: " + subject,
            "--body",
            "Hello from QuickstartE2E.");

    Matcher queued = QUEUED.matcher(transcript);
    assertThat(queued.find())
        .as(
            "250 ... queued as <id> after DATA from %s:%d; swaks said:%n%s",
            address, port, transcript)
        .isTrue();
    await("the message at the sink " + SINK_HOST + ":" + SINK_PORT)
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(sinkMessagesContaining(subject)).isEqualTo(1));
    assertThat(sinkMessage(subject))
        .as("the delivered message carries the tier's DKIM signature")
        .contains("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;")
        .contains("d=" + SENDER_DOMAIN + ";")
        .contains("s=" + DKIM_SELECTOR + ";");
    await("the tier's queues empty")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(queuedMessages(client))
                    .as("messages in the tier's queues (GET /api/v1/queue on each pod)")
                    .isZero());
  }

  /** {@code kubectl wait --for=condition=Ready dt/<tier>}, as a user runs it. */
  private static HostCommand.Result waitForTierReady(KubernetesClient client) {
    return kubectl.run(
        TIER_TIMEOUT.plusSeconds(30),
        "wait",
        "--namespace",
        client.getNamespace(),
        "--for=condition=Ready",
        "deliverytier/" + TIER,
        "--timeout",
        TIER_TIMEOUT.toSeconds() + "s");
  }

  /** Sum of {@code messages} over the tier pods' admin {@code GET /api/v1/queue}. */
  private static long queuedMessages(KubernetesClient client) {
    long total = 0;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (Pod pod : tierPods(client)) {
      URI uri =
          URI.create(
              "http://" + pod.getStatus().getPodIP() + ":" + adminPort(pod) + "/api/v1/queue");
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        JsonNode summary = JSON.readTree(response.body());
        assertThat(summary.has("messages")).as("GET %s: %s", uri, response.body()).isTrue();
        total += summary.get("messages").asLong();
      } catch (IOException e) {
        throw new UncheckedIOException("GET " + uri, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during GET " + uri, e);
      }
    }
    return total;
  }

  private static int adminPort(Pod pod) {
    return pod.getSpec().getContainers().get(0).getPorts().stream()
        .filter(p -> "admin".equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseGet(() -> fail("pod " + name(pod) + " has no container port named admin"));
  }

  /** The tier's pods, once its StatefulSet has as many Ready as it wants. */
  private static List<Pod> tierPods(KubernetesClient client) {
    try {
      StatefulSet set =
          await("StatefulSet " + TIER + " with all replicas Ready")
              .atMost(TIER_TIMEOUT)
              .until(
                  () -> client.apps().statefulSets().withName(TIER).get(),
                  s ->
                      s != null
                          && s.getStatus() != null
                          && s.getStatus().getReadyReplicas() != null
                          && s.getStatus().getReadyReplicas() >= 1
                          && Objects.equals(
                              s.getStatus().getReadyReplicas(), s.getSpec().getReplicas()));
      return client
          .pods()
          .withLabels(set.getSpec().getSelector().getMatchLabels())
          .list()
          .getItems();
    } catch (ConditionTimeoutException e) {
      return fail(e.getMessage() + diagnostics(), e);
    }
  }

  /** What the namespace holds and what the operator said: the failure message's second half. */
  private static String diagnostics() {
    return operator.diagnostics(TIER);
  }

  private static boolean isReady(Pod pod) {
    List<PodCondition> conditions =
        pod.getStatus() == null ? List.of() : pod.getStatus().getConditions();
    return conditions.stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }
}
