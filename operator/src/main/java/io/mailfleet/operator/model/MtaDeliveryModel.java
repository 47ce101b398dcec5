package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.DeliveryDefaults;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DkimKey;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.RetryPolicy;
import io.mailfleet.operator.api.v1alpha1.ShapingLimits;
import io.mailfleet.operator.api.v1alpha1.SiteShaping;
import io.mailfleet.operator.api.v1alpha1.SuspensionRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Renders the {@code delivery} part of a tier's MTA configuration: whether it delivers, the
 * cluster's static routes, DKIM keys (files from the mounted Secrets), shaping (the cluster's
 * default limits, the tier's named sites) and the retry policy (the cluster's, with the tier's
 * overrides).
 */
final class MtaDeliveryModel {

  /** The cluster DNS domain pod names end in (Kubernetes' default). */
  static final String CLUSTER_DOMAIN = "cluster.local";

  private MtaDeliveryModel() {}

  static Map<String, Object> render(MailCluster cluster, DeliveryTier tier) {
    DeliveryDefaults defaults = cluster.getSpec().getDelivery();
    Map<String, Object> delivery = new LinkedHashMap<>();
    delivery.put("paused", Boolean.TRUE.equals(tier.getSpec().getPaused()));
    Map<String, String> routes = new TreeMap<>();
    if (defaults != null && defaults.getRoutes() != null) {
      defaults.getRoutes().forEach(r -> routes.put(r.getDomain(), r.getTarget()));
    }
    delivery.put("routes", routes);
    if (defaults != null && defaults.getDkim() != null) {
      delivery.put("dkim", defaults.getDkim().stream().map(MtaDeliveryModel::dkim).toList());
    }
    delivery.put("shaping", shaping(defaults == null ? null : defaults.getShaping(), tier));
    Map<String, Object> retry =
        retry(defaults == null ? null : defaults.getRetry(), tier.getSpec().getRetry());
    if (!retry.isEmpty()) {
      delivery.put("retry", retry);
    }
    delivery.put("transferPeers", transferPeers(cluster, tier));
    return delivery;
  }

  /**
   * The tier's own pods, by their names under its headless Service (short and fully qualified): the
   * only peers a drained pod may hand its queue to.
   */
  private static List<String> transferPeers(MailCluster cluster, DeliveryTier tier) {
    String pods =
        "."
            + TierIdentity.of(tier).headlessServiceName()
            + "."
            + tier.getMetadata().getNamespace()
            + ".svc";
    return List.of(pods, pods + "." + CLUSTER_DOMAIN);
  }

  /**
   * The cluster's retry policy with the tier's overrides, field by field; durations in whole
   * seconds. A field neither sets keeps the MTA's default (the schema's default schedule).
   */
  private static Map<String, Object> retry(RetryPolicy cluster, RetryPolicy tier) {
    List<String> schedule = firstSet(tier, cluster, RetryPolicy::getSchedule);
    String maxAge = firstSet(tier, cluster, RetryPolicy::getMaxAge);
    Map<String, Object> out = new LinkedHashMap<>();
    if (schedule != null) {
      out.put(
          "schedule",
          schedule.stream()
              .map(d -> KubernetesDuration.format(KubernetesDuration.parse(d)))
              .toList());
    }
    if (maxAge != null) {
      out.put("maxAge", KubernetesDuration.format(KubernetesDuration.parse(maxAge)));
    }
    return out;
  }

  private static <T> T firstSet(
      RetryPolicy tier, RetryPolicy cluster, Function<RetryPolicy, T> field) {
    T value = tier == null ? null : field.apply(tier);
    return value != null || cluster == null ? value : field.apply(cluster);
  }

  private static Map<String, Object> dkim(DkimKey key) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("domain", key.getDomain());
    out.put("selector", key.getSelector());
    out.put("keyFile", MtaPodLayout.dkimKeyFile(key.getSecretName()));
    return out;
  }

  private static Map<String, Object> shaping(ShapingLimits clusterDefaults, DeliveryTier tier) {
    Map<String, Object> shaping = new LinkedHashMap<>();
    if (clusterDefaults != null) {
      shaping.put("defaults", limits(clusterDefaults));
    }
    List<SiteShaping> sites = tier.getSpec().getShaping();
    shaping.put(
        "sites", sites == null ? List.of() : sites.stream().map(MtaDeliveryModel::site).toList());
    return shaping;
  }

  private static Map<String, Object> site(SiteShaping site) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", site.getName());
    out.put("domains", site.getDomains() == null ? List.of() : site.getDomains());
    out.put("mxSuffixes", site.getMxSuffixes() == null ? List.of() : site.getMxSuffixes());
    out.put("limits", limits(site.getLimits()));
    if (site.getSuspension() != null) {
      out.put("suspension", suspension(site.getSuspension()));
    }
    return out;
  }

  /** Only the limits that are set: the MTA fills the others from its defaults. */
  private static Map<String, Object> limits(ShapingLimits limits) {
    Map<String, Object> out = new LinkedHashMap<>();
    putIfSet(out, "maxConnections", limits.getMaxConnections());
    putIfSet(out, "deliveriesPerConnection", limits.getDeliveriesPerConnection());
    putIfSet(out, "messagesPerHour", limits.getMessagesPerHour());
    putIfSet(out, "messagesPerMinute", limits.getMessagesPerMinute());
    putIfSet(out, "connectionsPerMinute", limits.getConnectionsPerMinute());
    if (limits.getTls() != null) {
      out.put("tls", limits.getTls().name());
    }
    return out;
  }

  /** What is set, the duration in whole seconds; unset fields take the MTA's defaults. */
  private static Map<String, Object> suspension(SuspensionRule rule) {
    Map<String, Object> out = new LinkedHashMap<>();
    putIfSet(out, "deferrals", rule.getConsecutiveDeferrals());
    if (rule.getSuspendFor() != null) {
      out.put(
          "suspendFor", KubernetesDuration.format(KubernetesDuration.parse(rule.getSuspendFor())));
    }
    return out;
  }

  private static void putIfSet(Map<String, Object> out, String key, Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }
}
