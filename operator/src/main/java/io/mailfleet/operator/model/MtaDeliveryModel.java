package io.mailfleet.operator.model;

import io.mailfleet.mta.config.DeliveryConfig;
import io.mailfleet.mta.config.DkimKeyConfig;
import io.mailfleet.mta.config.RetryConfig;
import io.mailfleet.mta.config.ShapingConfig;
import io.mailfleet.mta.config.ShapingLimits;
import io.mailfleet.mta.config.SiteShaping;
import io.mailfleet.mta.config.SuspensionRule;
import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.operator.api.v1alpha1.DeliveryDefaults;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DkimKeySpec;
import io.mailfleet.operator.api.v1alpha1.RetryPolicy;
import io.mailfleet.operator.api.v1alpha1.ShapingLimitsSpec;
import io.mailfleet.operator.api.v1alpha1.SiteShapingSpec;
import io.mailfleet.operator.api.v1alpha1.SuspensionRuleSpec;
import io.mailfleet.operator.api.v1alpha1.TlsPolicySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@code delivery} part of a tier's MTA configuration: whether it delivers, the cluster's
 * static routes, DKIM keys (files from the mounted Secrets), shaping (the cluster's default limits,
 * the tier's named sites) and the retry policy (the cluster's, with the tier's overrides). What the
 * CRs leave unset is the MTA's default.
 */
final class MtaDeliveryModel {

  /** The cluster DNS domain pod names end in (Kubernetes' default). */
  static final String CLUSTER_DOMAIN = "cluster.local";

  private MtaDeliveryModel() {}

  static DeliveryConfig fromCrd(
      MailClusterSettings cluster, DeliveryTier tier, TierIdentity identity) {
    DeliveryConfig mta = MtaConfigModel.MTA_DEFAULTS.delivery();
    DeliveryDefaults defaults = cluster.delivery();
    return new DeliveryConfig(
        mta.egress(),
        mta.maxConcurrentDeliveries(),
        mta.timeouts(),
        retry(mta.retry(), defaults.getRetry(), tier.getSpec().getRetry()),
        routes(defaults),
        mta.dns(),
        shaping(mta.shaping(), defaults.getShaping(), tier.getSpec().getShaping()),
        Boolean.TRUE.equals(tier.getSpec().getPaused()),
        mta.tlsCaFile(),
        cluster.dkimKeys().stream().map(MtaDeliveryModel::dkim).toList(),
        transferPeers(identity));
  }

  /**
   * The tier's own pods, by their names under its headless Service (short and fully qualified): the
   * only peers a drained pod may hand its queue to.
   */
  private static List<String> transferPeers(TierIdentity identity) {
    String pods = "." + identity.podDomain();
    return List.of(pods, pods + "." + CLUSTER_DOMAIN);
  }

  private static Map<String, String> routes(DeliveryDefaults defaults) {
    Map<String, String> routes = new TreeMap<>();
    if (defaults.getRoutes() != null) {
      defaults.getRoutes().forEach(r -> routes.put(r.getDomain(), r.getTarget()));
    }
    return routes;
  }

  /** The cluster's retry policy with the tier's overrides, field by field, over the MTA's. */
  private static RetryConfig retry(RetryConfig mta, RetryPolicy cluster, RetryPolicy tier) {
    List<String> schedule = firstSet(tier, cluster, RetryPolicy::getSchedule);
    String maxAge = firstSet(tier, cluster, RetryPolicy::getMaxAge);
    return new RetryConfig(
        schedule == null
            ? mta.schedule()
            : schedule.stream().map(KubernetesDuration::parse).toList(),
        mta.jitter(),
        maxAge == null ? mta.maxAge() : KubernetesDuration.parse(maxAge));
  }

  private static <T> T firstSet(
      RetryPolicy tier, RetryPolicy cluster, Function<RetryPolicy, T> field) {
    T value = tier == null ? null : field.apply(tier);
    return value != null || cluster == null ? value : field.apply(cluster);
  }

  private static DkimKeyConfig dkim(DkimKeySpec key) {
    return new DkimKeyConfig(
        key.getDomain(),
        key.getSelector(),
        Path.of(MtaPodLayout.dkimKeyFile(key.getSecretName())),
        key.getSenderDomains(),
        key.getAuthenticatedUsers());
  }

  /** The cluster's limits over the MTA's defaults; the tier's sites keep only what they set. */
  private static ShapingConfig shaping(
      ShapingConfig mta, ShapingLimitsSpec cluster, List<SiteShapingSpec> sites) {
    ShapingLimits defaults = cluster == null ? mta.defaults() : limits(cluster, mta.defaults());
    return new ShapingConfig(
        defaults, sites == null ? List.of() : sites.stream().map(MtaDeliveryModel::site).toList());
  }

  private static SiteShaping site(SiteShapingSpec site) {
    ShapingLimits unset = new ShapingLimits(null, null, null, null, null, null);
    return new SiteShaping(
        site.getName(),
        site.getDomains(),
        site.getMxSuffixes(),
        site.getLimits() == null ? unset : limits(site.getLimits(), unset),
        site.getSuspension() == null ? null : suspension(site.getSuspension()));
  }

  /** The limits {@code spec} sets, the others from {@code unset}. */
  private static ShapingLimits limits(ShapingLimitsSpec spec, ShapingLimits unset) {
    return new ShapingLimits(
        or(spec.getMaxConnections(), unset.maxConnections()),
        or(spec.getDeliveriesPerConnection(), unset.deliveriesPerConnection()),
        or(spec.getMessagesPerHour(), unset.messagesPerHour()),
        or(spec.getMessagesPerMinute(), unset.messagesPerMinute()),
        or(spec.getConnectionsPerMinute(), unset.connectionsPerMinute()),
        spec.getTls() == null ? unset.tls() : tls(spec.getTls()));
  }

  private static TlsPolicy tls(TlsPolicySpec policy) {
    return switch (policy) {
      case OPPORTUNISTIC -> TlsPolicy.OPPORTUNISTIC;
      case REQUIRED -> TlsPolicy.REQUIRED;
      case VERIFIED -> TlsPolicy.VERIFIED;
    };
  }

  /** What the rule sets; the MTA's rule fills in the rest. */
  private static SuspensionRule suspension(SuspensionRuleSpec rule) {
    Duration suspendFor =
        rule.getSuspendFor() == null ? null : KubernetesDuration.parse(rule.getSuspendFor());
    return new SuspensionRule(rule.getConsecutiveDeferrals(), null, null, suspendFor);
  }

  private static <T> T or(T value, T otherwise) {
    return value != null ? value : otherwise;
  }
}
