package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.model.DeliveryTierModel;

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

  /** The ConfigMap with the rendered MTA configuration. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class ConfigMapDependent
      extends CRUDKubernetesDependentResource<ConfigMap, DeliveryTier> {
    public ConfigMapDependent() {
      super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(DeliveryTier tier, Context<DeliveryTier> context) {
      return model(context).configMap();
    }
  }

  /** The StatefulSet of MTA pods. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class StatefulSetDependent
      extends CRUDKubernetesDependentResource<StatefulSet, DeliveryTier> {
    public StatefulSetDependent() {
      super(StatefulSet.class);
    }

    @Override
    protected StatefulSet desired(DeliveryTier tier, Context<DeliveryTier> context) {
      return model(context).statefulSet();
    }
  }

  /** The headless Service behind the pods' DNS names. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class HeadlessServiceDependent
      extends CRUDKubernetesDependentResource<Service, DeliveryTier> {
    public HeadlessServiceDependent() {
      super(Service.class);
    }

    @Override
    protected Service desired(DeliveryTier tier, Context<DeliveryTier> context) {
      return model(context).headlessService();
    }
  }

  /** The ClusterIP Service for submission. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class SubmissionServiceDependent
      extends CRUDKubernetesDependentResource<Service, DeliveryTier> {
    public SubmissionServiceDependent() {
      super(Service.class);
    }

    @Override
    protected Service desired(DeliveryTier tier, Context<DeliveryTier> context) {
      return model(context).submissionService();
    }
  }

  /** The PodDisruptionBudget. */
  @KubernetesDependent(informer = @Informer(labelSelector = MANAGED))
  public static final class DisruptionBudgetDependent
      extends CRUDKubernetesDependentResource<PodDisruptionBudget, DeliveryTier> {
    public DisruptionBudgetDependent() {
      super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(DeliveryTier tier, Context<DeliveryTier> context) {
      return model(context).podDisruptionBudget();
    }
  }
}
