package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.model.DeliveryTierModel;
import io.mailfleet.operator.model.TierAdminTokenModel;
import java.security.SecureRandom;
import java.util.function.Function;

/**
 * The objects a DeliveryTier owns. Each dependent only builds its desired object from the {@link
 * DeliveryTierModel} the reconciler put into the context; JOSDK applies it with server-side apply,
 * sets the owner reference (so deleting the tier garbage-collects it) and watches it.
 */
public final class TierDependents {

  /** Informers see only the operator's objects, not every ConfigMap and Service in the cluster. */
  static final String MANAGED = "app.kubernetes.io/managed-by=mailfleet-operator";

  private TierDependents() {}

  static DeliveryTierModel model(Context<DeliveryTier> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(DeliveryTierModel.class, DeliveryTierModel.class);
  }

  /** One object of the tier: its desired state is a part of the model. */
  abstract static class TierObject<R extends HasMetadata>
      extends CRUDKubernetesDependentResource<R, DeliveryTier> {
    private final Function<DeliveryTierModel, R> part;

    TierObject(Class<R> type, Function<DeliveryTierModel, R> part) {
      super(type);
      this.part = part;
    }

    @Override
    protected R desired(DeliveryTier tier, Context<DeliveryTier> context) {
      return part.apply(model(context));
    }
  }

  /** The ConfigMap with the rendered MTA configuration. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class ConfigMapDependent extends TierObject<ConfigMap> {
    public ConfigMapDependent() {
      super(ConfigMap.class, DeliveryTierModel::configMap);
    }
  }

  /** The StatefulSet of MTA pods. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class StatefulSetDependent extends TierObject<StatefulSet> {
    public StatefulSetDependent() {
      super(StatefulSet.class, DeliveryTierModel::statefulSet);
    }
  }

  /** The headless Service behind the pods' DNS names. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class HeadlessServiceDependent extends TierObject<Service> {
    public HeadlessServiceDependent() {
      super(Service.class, DeliveryTierModel::headlessService);
    }
  }

  /** The ClusterIP Service for submission. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class SubmissionServiceDependent extends TierObject<Service> {
    public SubmissionServiceDependent() {
      super(Service.class, DeliveryTierModel::submissionService);
    }
  }

  /** The NetworkPolicy of the tier's pods. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class NetworkPolicyDependent extends TierObject<NetworkPolicy> {
    public NetworkPolicyDependent() {
      super(NetworkPolicy.class, DeliveryTierModel::networkPolicy);
    }
  }

  /**
   * The admin token Secret, created once and never updated: a Secret that exists keeps its token
   * (there is nothing to compare and write on later reconciliations), so the pods, the drain hook
   * and the operator keep one token. Deleting the Secret makes a new one with a new token, which
   * the pods read from their volume without a restart.
   */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class AdminTokenDependent
      extends KubernetesDependentResource<Secret, DeliveryTier>
      implements Creator<Secret, DeliveryTier>, GarbageCollected<DeliveryTier> {

    private final SecureRandom random = new SecureRandom();

    public AdminTokenDependent() {
      super(Secret.class);
    }

    @Override
    protected Secret desired(DeliveryTier tier, Context<DeliveryTier> context) {
      return model(context).adminTokenSecret(TierAdminTokenModel.newToken(random));
    }
  }

  /** The PodDisruptionBudget. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class DisruptionBudgetDependent extends TierObject<PodDisruptionBudget> {
    public DisruptionBudgetDependent() {
      super(PodDisruptionBudget.class, DeliveryTierModel::podDisruptionBudget);
    }
  }
}
