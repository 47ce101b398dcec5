package io.mailfleet.operator;

import io.mailfleet.operator.model.AdminApiClients;
import io.mailfleet.operator.model.MtaAwsEnvironment;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The operator's configuration, read from its environment (the Helm chart sets these variables).
 * Build it by name: {@link #of} with the defaults, then {@code watching}, {@code
 * withLeaderElection}, {@code withHttpPort} for what differs.
 *
 * @param namespaces namespaces to watch; empty means all ({@code MAILFLEET_WATCH_NAMESPACES}, comma
 *     separated)
 * @param clusterId identifies this installation in AWS ownership tags ({@code
 *     MAILFLEET_CLUSTER_ID})
 * @param defaultImage MTA image for MailClusters that name none ({@code MAILFLEET_MTA_IMAGE})
 * @param leaderElection whether replicas elect a leader with a Lease ({@code
 *     MAILFLEET_LEADER_ELECTION}, default true)
 * @param leaseNamespace namespace of the Lease: the operator's own ({@code POD_NAMESPACE})
 * @param identity this replica's name in the Lease ({@code POD_NAME}, else the host name)
 * @param httpPort port of {@code /metrics}, {@code /healthz}, {@code /readyz} ({@code
 *     MAILFLEET_HTTP_PORT}, default 8080)
 * @param adminApiClients who the tiers' NetworkPolicies admit to the MTA admin port: the operator's
 *     pods ({@code POD_NAMESPACE}, {@code MAILFLEET_OPERATOR_POD_LABELS}) and Prometheus ({@code
 *     MAILFLEET_PROMETHEUS_NAMESPACE_LABELS}, {@code MAILFLEET_PROMETHEUS_POD_LABELS}); labels are
 *     {@code key=value,key=value}
 * @param awsRegion AWS region of pools that name none, and of the MTA pods that read an SQS queue
 *     ({@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}); null when unset
 * @param awsEndpoint another endpoint for every AWS service, e.g. an emulator ({@code
 *     AWS_ENDPOINT_URL}), passed on to the MTA pods that read an SQS queue; null for AWS's own
 */
public record OperatorSettings(
    Set<String> namespaces,
    String clusterId,
    String defaultImage,
    boolean leaderElection,
    String leaseNamespace,
    String identity,
    int httpPort,
    AdminApiClients adminApiClients,
    String awsRegion,
    String awsEndpoint) {

  /** Name of the Lease the replicas compete for. */
  public static final String LEASE_NAME = "mailfleet-operator-leader";

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
    require("MAILFLEET_CLUSTER_ID", clusterId);
    require("MAILFLEET_MTA_IMAGE", defaultImage);
    if (leaderElection) {
      require("POD_NAMESPACE (the Lease's namespace)", leaseNamespace);
      require("POD_NAME (this replica's identity in the Lease)", identity);
    }
    Objects.requireNonNull(adminApiClients, "adminApiClients");
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("MAILFLEET_HTTP_PORT must be a port number: " + httpPort);
    }
  }

  /**
   * Settings for the installation {@code clusterId} running {@code defaultImage}, with the defaults
   * of a process that names nothing else: every namespace watched, no leader election, the HTTP
   * endpoints on port 8080.
   */
  public static OperatorSettings of(String clusterId, String defaultImage) {
    return new OperatorSettings(
        Set.of(),
        clusterId,
        defaultImage,
        false,
        null,
        null,
        8080,
        AdminApiClients.DEFAULTS,
        null,
        null);
  }

  /** These settings watching only {@code watched}; an empty set means every namespace. */
  public OperatorSettings watching(Set<String> watched) {
    return copy(draft -> draft.namespaces = watched);
  }

  /** These settings competing for the Lease in {@code leaseNamespace} as {@code identity}. */
  public OperatorSettings withLeaderElection(String leaseNamespace, String identity) {
    return copy(
        draft -> {
          draft.leaderElection = true;
          draft.leaseNamespace = leaseNamespace;
          draft.identity = identity;
        });
  }

  /** These settings serving {@code /metrics}, {@code /healthz}, {@code /readyz} on {@code port}. */
  public OperatorSettings withHttpPort(int port) {
    return copy(draft -> draft.httpPort = port);
  }

  /** These settings admitting {@code clients} to the MTA admin port. */
  public OperatorSettings withAdminApiClients(AdminApiClients clients) {
    return copy(draft -> draft.adminApiClients = clients);
  }

  /** These settings with {@code region} for what names no AWS region. */
  public OperatorSettings withAwsRegion(String region) {
    return copy(draft -> draft.awsRegion = blankToNull(region));
  }

  /** These settings sending AWS calls to {@code endpoint} (null or blank: AWS's own). */
  public OperatorSettings withAwsEndpoint(String endpoint) {
    return copy(draft -> draft.awsEndpoint = blankToNull(endpoint));
  }

  /** These settings with what {@code change} sets on a copy of their fields, checked anew. */
  private OperatorSettings copy(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.settings();
  }

  /** The fields of settings being changed, before the canonical constructor checks them. */
  private static final class Draft {
    Set<String> namespaces;
    final String clusterId;
    final String defaultImage;
    boolean leaderElection;
    String leaseNamespace;
    String identity;
    int httpPort;
    AdminApiClients adminApiClients;
    String awsRegion;
    String awsEndpoint;

    Draft(OperatorSettings from) {
      namespaces = from.namespaces;
      clusterId = from.clusterId;
      defaultImage = from.defaultImage;
      leaderElection = from.leaderElection;
      leaseNamespace = from.leaseNamespace;
      identity = from.identity;
      httpPort = from.httpPort;
      adminApiClients = from.adminApiClients;
      awsRegion = from.awsRegion;
      awsEndpoint = from.awsEndpoint;
    }

    OperatorSettings settings() {
      return new OperatorSettings(
          namespaces,
          clusterId,
          defaultImage,
          leaderElection,
          leaseNamespace,
          identity,
          httpPort,
          adminApiClients,
          awsRegion,
          awsEndpoint);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** What MTA pods that call AWS are told: this operator's region and endpoint. */
  public MtaAwsEnvironment mtaAwsEnvironment() {
    return new MtaAwsEnvironment(awsRegion, awsEndpoint);
  }

  /** Whether the operator watches every namespace. */
  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }

  /** Reads the settings from {@code env}; a missing or malformed variable is named in the error. */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    OperatorSettings settings =
        of(env.get("MAILFLEET_CLUSTER_ID"), env.get("MAILFLEET_MTA_IMAGE"))
            .watching(
                Arrays.stream(env.getOrDefault("MAILFLEET_WATCH_NAMESPACES", "").split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.toSet()))
            .withHttpPort(parsePort(env.getOrDefault("MAILFLEET_HTTP_PORT", "8080")))
            .withAdminApiClients(adminApiClients(env))
            .withAwsRegion(env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION")))
            .withAwsEndpoint(env.get("AWS_ENDPOINT_URL"));
    boolean leaderElection =
        parseBoolean(
            "MAILFLEET_LEADER_ELECTION", env.getOrDefault("MAILFLEET_LEADER_ELECTION", "true"));
    return leaderElection
        ? settings.withLeaderElection(
            env.get("POD_NAMESPACE"), env.getOrDefault("POD_NAME", env.get("HOSTNAME")))
        : settings;
  }

  /**
   * The operator's namespace and pod labels, and Prometheus's selectors; a label variable that is
   * not set takes {@link AdminApiClients#DEFAULTS}' labels, one set but empty means none.
   */
  private static AdminApiClients adminApiClients(Map<String, String> env) {
    return new AdminApiClients(
        env.get("POD_NAMESPACE"),
        labels(env, "MAILFLEET_OPERATOR_POD_LABELS", AdminApiClients.DEFAULTS.operatorPodLabels()),
        labels(
            env,
            "MAILFLEET_PROMETHEUS_NAMESPACE_LABELS",
            AdminApiClients.DEFAULTS.prometheusNamespaceLabels()),
        labels(
            env,
            "MAILFLEET_PROMETHEUS_POD_LABELS",
            AdminApiClients.DEFAULTS.prometheusPodLabels()));
  }

  private static Map<String, String> labels(
      Map<String, String> env, String name, Map<String, String> fallback) {
    return env.containsKey(name) ? AdminApiClients.parseLabels(name, env.get(name)) : fallback;
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false: " + value);
    };
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("MAILFLEET_HTTP_PORT must be a port number: " + value, e);
    }
  }

  private static void require(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must be set");
    }
  }
}
