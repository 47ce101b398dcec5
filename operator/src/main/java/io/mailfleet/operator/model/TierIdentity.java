package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Names and labels of the objects that make up one DeliveryTier.
 *
 * @param namespace the tier's namespace, where all its objects live
 * @param tier the DeliveryTier's name
 * @param cluster the MailCluster the tier belongs to
 */
public record TierIdentity(String namespace, String tier, String cluster) {

  /** Label naming the tier; the StatefulSet selects its pods by it. */
  public static final String TIER_LABEL = "mailfleet.io/tier";

  /** Label naming the MailCluster, so {@code kubectl get pods -l} can list a whole region. */
  public static final String CLUSTER_LABEL = "mailfleet.io/cluster";

  /** Value of {@code app.kubernetes.io/name} on every MTA object. */
  public static final String APP_NAME = "mailfleet-mta";

  public TierIdentity {
    requireName("namespace", namespace);
    requireName("tier", tier);
    requireName("cluster", cluster);
  }

  /**
   * The identity of {@code tier}: its namespace and name, and the MailCluster its {@code
   * spec.clusterRef} names (whether or not that cluster exists yet).
   */
  public static TierIdentity of(DeliveryTier tier) {
    return new TierIdentity(
        tier.getMetadata().getNamespace(),
        tier.getMetadata().getName(),
        tier.getSpec().getClusterRef().getName());
  }

  /** The StatefulSet, PodDisruptionBudget and submission Service share the tier's name. */
  public String statefulSetName() {
    return tier;
  }

  /** The headless Service that gives each pod a stable DNS name. */
  public String headlessServiceName() {
    return tier + DeliveryTier.HEADLESS_SERVICE_SUFFIX;
  }

  /** The StatefulSet's pod with {@code ordinal}. */
  public String podName(int ordinal) {
    return statefulSetName() + "-" + ordinal;
  }

  /**
   * The DNS domain under which each pod has its stable name ({@code pod.domain}): the headless
   * Service in the tier's namespace, short of the cluster domain.
   */
  public String podDomain() {
    return headlessServiceName() + "." + namespace + ".svc";
  }

  /** The ClusterIP Service that in-cluster clients submit mail to. */
  public String submissionServiceName() {
    return tier;
  }

  /** The ConfigMap holding the rendered MTA configuration. */
  public String configMapName() {
    return tier + "-mta";
  }

  /**
   * The Secret holding the tier's admin API token ({@link MtaPodLayout#ADMIN_TOKEN}): mounted into
   * the pods, and what the operator reads when it calls a pod's admin API (drain, transfer).
   */
  public String adminTokenSecretName() {
    return tier + "-admin-token";
  }

  /**
   * The NetworkPolicy that admits SMTP from anywhere and the admin port only from known clients.
   */
  public String networkPolicyName() {
    return tier;
  }

  /** The labels that select this tier's pods; never change them, a selector is immutable. */
  public Map<String, String> selectorLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", APP_NAME);
    labels.put(TIER_LABEL, tier);
    return labels;
  }

  /** Every label on the tier's objects: the selector plus the recommended app labels. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>(selectorLabels());
    labels.put("app.kubernetes.io/instance", tier);
    labels.put("app.kubernetes.io/component", "delivery-tier");
    labels.put("app.kubernetes.io/part-of", "mailfleet");
    labels.put("app.kubernetes.io/managed-by", "mailfleet-operator");
    labels.put(CLUSTER_LABEL, cluster);
    return labels;
  }

  /** The selector as the scale subresource reports it: {@code k=v,k=v}. */
  public String selectorString() {
    return selectorLabels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  private static void requireName(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
