package io.mailfleet.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A MailCluster named {@value #CLUSTER} and one DeliveryTier of fixed size in a test's namespace:
 * no load balancer, no Elastic IPs, mail for example.org routed to a sink the test runs.
 */
final class MailTier {

  /** The MailCluster every fault test makes. */
  static final String CLUSTER = "mail";

  /** The recipient domain routed to the sink. */
  static final String ROUTED_DOMAIN = "example.org";

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final KubernetesClient client;
  private final OperatorRelease operator;
  private final String name;

  private MailTier(KubernetesClient client, OperatorRelease operator, String name) {
    this.client = client;
    this.operator = operator;
    this.name = name;
  }

  /**
   * Applies the MailCluster and a tier of {@code replicas} pods (External scaling, so nothing
   * resizes it), with {@code spoolYaml} as the cluster's spool settings and example.org routed to
   * {@code sinkTarget} (host:port).
   */
  static MailTier apply(
      KubernetesClient client,
      OperatorRelease operator,
      String name,
      int replicas,
      String sinkTarget,
      String spoolYaml) {
    String manifests =
        clusterManifest("mx.faults.example.com", spoolYaml, sinkTarget)
            + fixedSizeTierManifest(name, replicas);
    return applyManifests(client, operator, name, manifests);
  }

  /**
   * A YAML document (after a {@code ---}) of the DeliveryTier {@code name} of {@value #CLUSTER}
   * with {@code replicas} pods in External scaling mode; its {@code spec} is the last mapping, so
   * more spec fields can follow at two spaces' indent.
   */
  static String fixedSizeTierManifest(String name, int replicas) {
    return tierManifest(
        name,
        """
          replicas: %d
          scaling:
            mode: External
            minReplicas: %d
            maxReplicas: %d
        """
            .formatted(replicas, replicas, replicas));
  }

  /**
   * A YAML document (after a {@code ---}) of the DeliveryTier {@code name} of {@value #CLUSTER}
   * taking mail on port 25, with {@code specFields} (YAML lines at two spaces' indent) in its spec.
   */
  static String tierManifest(String name, String specFields) {
    return """
        ---
        apiVersion: mailfleet.io/v1alpha1
        kind: DeliveryTier
        metadata:
          name: %s
        spec:
          clusterRef:
            name: %s
          inbound:
            port: 25
        """
            .formatted(name, CLUSTER)
        + specFields;
  }

  /**
   * The MailCluster {@value #CLUSTER} named {@code hostname}: no load balancer, {@code spoolYaml}
   * as its spool settings and {@value #ROUTED_DOMAIN} routed to {@code sinkTarget} (host:port).
   */
  static String clusterManifest(String hostname, String spoolYaml, String sinkTarget) {
    return """
        apiVersion: mailfleet.io/v1alpha1
        kind: MailCluster
        metadata:
          name: %s
        spec:
          hostname: %s
          inbound:
            loadBalancer:
              enabled: false
          spool: %s
          delivery:
            routes:
              - domain: %s
                target: "%s"
        """
        .formatted(CLUSTER, hostname, spoolYaml, ROUTED_DOMAIN, sinkTarget);
  }

  /** Applies {@code manifests} (YAML documents), which make the tier {@code name}. */
  static MailTier applyManifests(
      KubernetesClient client, OperatorRelease operator, String name, String manifests) {
    client
        .load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8)))
        .items()
        .forEach(
            object ->
                client.resource(object).fieldManager("e2e").forceConflicts().serverSideApply());
    return new MailTier(client, operator, name);
  }

  String name() {
    return name;
  }

  /** The DeliveryTier as the API server has it now. */
  Resource<GenericKubernetesResource> resource() {
    return client
        .genericKubernetesResources("mailfleet.io/v1alpha1", "DeliveryTier")
        .withName(name);
  }

  /**
   * Waits until the tier is Ready for its current generation and its StatefulSet has rolled out
   * every pod and has them all Ready; fails with what the namespace holds otherwise.
   */
  void awaitReady(Duration timeout) {
    try {
      Awaitility.await("tier " + name + " Ready at its generation with every pod rolled out")
          .atMost(timeout)
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(this::readyAndRolledOut);
    } catch (ConditionTimeoutException e) {
      fail(e.getMessage() + diagnostics(), e);
    }
  }

  void awaitReady() {
    awaitReady(READY_TIMEOUT);
  }

  /**
   * Polls {@code probe} every {@code poll} until what it returns satisfies {@code done}, for at
   * most {@code timeout}; fails with what the namespace holds otherwise.
   */
  <T> T await(
      String what, Duration timeout, Duration poll, Callable<T> probe, Predicate<? super T> done) {
    try {
      return Awaitility.await(what).atMost(timeout).pollInterval(poll).until(probe, done::test);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + diagnostics(), e);
    }
  }

  private boolean readyAndRolledOut() {
    GenericKubernetesResource tier = resource().get();
    StatefulSet set = statefulSet();
    if (tier == null || set == null || set.getStatus() == null) {
      return false;
    }
    return readyAtGeneration(tier)
        && Objects.equals(
            set.getStatus().getObservedGeneration(), set.getMetadata().getGeneration())
        && Objects.equals(set.getStatus().getUpdateRevision(), set.getStatus().getCurrentRevision())
        && Objects.equals(set.getStatus().getUpdatedReplicas(), set.getSpec().getReplicas())
        && Objects.equals(set.getStatus().getReadyReplicas(), set.getSpec().getReplicas());
  }

  /** Whether the tier's status is Ready=True and has observed the tier's current generation. */
  @SuppressWarnings("unchecked")
  static boolean readyAtGeneration(GenericKubernetesResource tier) {
    Map<String, Object> status = (Map<String, Object>) tier.getAdditionalProperties().get("status");
    if (status == null) {
      return false;
    }
    Object observed = status.get("observedGeneration");
    List<Map<String, Object>> conditions =
        (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
    return observed != null
        && ((Number) observed).longValue() == tier.getMetadata().getGeneration()
        && conditions.stream()
            .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
  }

  StatefulSet statefulSet() {
    return client.apps().statefulSets().withName(name).get();
  }

  /** The tier's pod of ordinal {@code ordinal}. */
  Pod pod(int ordinal) {
    Pod pod = client.pods().withName(name + "-" + ordinal).get();
    if (pod == null) {
      fail("no pod " + name + "-" + ordinal + diagnostics());
    }
    return pod;
  }

  /** The tier's submission Service (ClusterIP): its address and first port. */
  Service service() {
    Service service = client.services().withName(name).get();
    if (service == null) {
      fail("no submission Service " + name + diagnostics());
    }
    return service;
  }

  /**
   * Starts {@code connections} clients sending to someone at {@value #ROUTED_DOMAIN} through the
   * tier's submission Service.
   */
  SmtpLoad loadThroughService(int connections) {
    Service service = service();
    return SmtpLoad.start(
        service.getSpec().getClusterIP(),
        service.getSpec().getPorts().get(0).getPort(),
        connections,
        "someone@" + ROUTED_DOMAIN);
  }

  /** The MTA container's state in {@code pod}. */
  static ContainerStatus mtaContainer(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream()
        .findFirst()
        .orElseGet(() -> fail("pod " + pod.getMetadata().getName() + " has no container status"));
  }

  /** The MTA container's port named {@code name} (smtp, admin). */
  static int containerPort(Pod pod, String name) {
    return pod.getSpec().getContainers().get(0).getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseGet(
            () -> fail("pod " + pod.getMetadata().getName() + " has no container port " + name));
  }

  /** Deletes the tier and the MailCluster and waits until the tier's pods are gone. */
  void delete() {
    resource().delete();
    client
        .genericKubernetesResources("mailfleet.io/v1alpha1", "MailCluster")
        .withName(CLUSTER)
        .delete();
    Awaitility.await("pods of tier " + name + " gone")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                client
                    .pods()
                    .withLabel("app.kubernetes.io/instance", name)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  /** What the namespace holds and what the operator said: the second half of a failure message. */
  String diagnostics() {
    return operator.diagnostics(name);
  }
}
