package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What each tier's dependents were last applied from. Scaling rounds reconcile every tier every few
 * seconds; when the tier's spec, its MailCluster's spec, the pods wanted and the owned objects (as
 * the informers hold them) are what they were after the last apply, the dependents have nothing to
 * change, and comparing each desired object with the stored one would only cost CPU. An owned
 * object that anyone changes or deletes has a new resourceVersion, so it is applied again.
 */
final class AppliedDependents {

  /** The kinds a tier owns, whose informed copies are part of its inputs. */
  private static final List<Class<? extends HasMetadata>> OWNED =
      List.of(
          ConfigMap.class,
          Secret.class,
          StatefulSet.class,
          NetworkPolicy.class,
          Service.class,
          PodDisruptionBudget.class);

  // By tier UID; an entry of a deleted tier (a few hundred bytes) stays until the process ends.
  private final Map<String, String> applied = new ConcurrentHashMap<>();

  /** The inputs of {@code tier}'s dependents this round. */
  static String inputs(
      DeliveryTier tier, MailCluster cluster, int podsWanted, Context<DeliveryTier> context) {
    String owned =
        OWNED.stream()
            .flatMap(kind -> context.getSecondaryResources(kind).stream())
            .map(o -> o.getKind() + "/" + o.getMetadata().getName() + "@" + version(o))
            .distinct()
            .sorted()
            .collect(Collectors.joining(","));
    // Specs, not whole objects: the status patches of a tier and its cluster change nothing owned.
    return spec(tier) + " " + spec(cluster) + " " + podsWanted + " " + owned;
  }

  /** Whether the dependents were last applied from {@code inputs}. */
  boolean unchanged(DeliveryTier tier, String inputs) {
    String uid = tier.getMetadata().getUid();
    return uid != null && inputs.equals(applied.get(uid));
  }

  /** Records that the dependents of {@code tier} were applied from {@code inputs}. */
  void record(DeliveryTier tier, String inputs) {
    if (tier.getMetadata().getUid() != null) {
      applied.put(tier.getMetadata().getUid(), inputs);
    }
  }

  private static String spec(HasMetadata object) {
    return object.getMetadata().getUid() + "/" + object.getMetadata().getGeneration();
  }

  private static String version(HasMetadata object) {
    return object.getMetadata().getUid() + "/" + object.getMetadata().getResourceVersion();
  }
}
