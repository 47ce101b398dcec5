package io.mailfleet.operator.reconciler;

import static io.mailfleet.operator.reconciler.PrimaryResource.name;
import static io.mailfleet.operator.reconciler.PrimaryResource.namespace;
import static io.mailfleet.operator.reconciler.PrimaryResource.withOnlyStatus;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.DeliveryTierStatus;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.model.AdminApiClients;
import io.mailfleet.operator.model.ConditionTransitions;
import io.mailfleet.operator.model.DeliveryTierModel;
import io.mailfleet.operator.model.MailClusterSettings;
import io.mailfleet.operator.model.MtaAwsEnvironment;
import io.mailfleet.operator.model.Observation;
import io.mailfleet.operator.model.TierAdminTokenModel;
import io.mailfleet.operator.model.TierIdentity;
import io.mailfleet.operator.model.TierReplicas;
import io.mailfleet.operator.model.TierStatusModel;
import io.mailfleet.operator.scaling.QueueBacklog;
import io.mailfleet.operator.scaling.ScalingEvent;
import io.mailfleet.operator.scaling.ScalingRecorder;
import io.mailfleet.operator.scaling.TierScaler;
import io.mailfleet.operator.scaling.TierScaling;
import io.mailfleet.operator.scaling.TierScalingStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a DeliveryTier into its MTA StatefulSet, Services, PodDisruptionBudget, ConfigMap, admin
 * token Secret and NetworkPolicy. The dependents run only once the MailCluster and SendingIpPool it
 * names exist; until then the tier reports {@code Ready=False} with the reason, and a watch on
 * those kinds re-checks it when they appear, with no retry loop in between.
 */
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "config", type = TierDependents.ConfigMapDependent.class),
      @Dependent(name = "admintoken", type = TierDependents.AdminTokenDependent.class),
      // The pods mount the token: the Secret exists before the StatefulSet asks for it.
      @Dependent(
          name = "statefulset",
          type = TierDependents.StatefulSetDependent.class,
          dependsOn = "admintoken"),
      @Dependent(name = "networkpolicy", type = TierDependents.NetworkPolicyDependent.class),
      @Dependent(name = "headless", type = TierDependents.HeadlessServiceDependent.class),
      @Dependent(name = "submission", type = TierDependents.SubmissionServiceDependent.class),
      @Dependent(name = "pdb", type = TierDependents.DisruptionBudgetDependent.class)
    })
@ControllerConfiguration(name = DeliveryTierReconciler.NAME)
public class DeliveryTierReconciler implements Reconciler<DeliveryTier> {

  /** Controller name: the field manager of what it applies and the kind label of its metrics. */
  public static final String NAME = "deliverytier";

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryTierReconciler.class);

  private final String defaultImage;
  private final AdminApiClients adminApiClients;
  private final MtaAwsEnvironment aws;
  private final ReadinessRecorder readiness;
  private final Clock clock;
  private final TierScaler scaler;
  private final AppliedDependents applied = new AppliedDependents();

  /**
   * A reconciler whose scaling reports to no metrics, calls pods with a 2 s timeout and reads no
   * SQS queue.
   */
  public DeliveryTierReconciler(
      String defaultImage,
      AdminApiClients adminApiClients,
      MtaAwsEnvironment aws,
      ReadinessRecorder readiness,
      Clock clock) {
    this(
        defaultImage,
        adminApiClients,
        aws,
        readiness,
        clock,
        TierScaler.create(ScalingRecorder.NONE, QueueBacklog.UNREAD));
  }

  public DeliveryTierReconciler(
      String defaultImage,
      AdminApiClients adminApiClients,
      MtaAwsEnvironment aws,
      ReadinessRecorder readiness,
      Clock clock,
      TierScaler scaler) {
    this.scaler = Objects.requireNonNull(scaler, "scaler");
    this.defaultImage = Objects.requireNonNull(defaultImage, "defaultImage");
    this.adminApiClients = Objects.requireNonNull(adminApiClients, "adminApiClients");
    this.aws = Objects.requireNonNull(aws, "aws");
    this.readiness = readiness;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, DeliveryTier>> prepareEventSources(
      EventSourceContext<DeliveryTier> context) {
    return List.of(
        referenced(context, MailCluster.class, t -> t.getSpec().getClusterRef().getName()),
        referenced(
            context,
            SendingIpPool.class,
            t -> t.getSpec().getIpPoolRef() == null ? null : t.getSpec().getIpPoolRef().getName()),
        pods(context));
  }

  /**
   * The tiers' MTA pods, by their tier label: their IPs are where the scaler reads queues, and a
   * pod that comes, goes or turns ready starts a round at once.
   */
  private static InformerEventSource<Pod, DeliveryTier> pods(
      EventSourceContext<DeliveryTier> context) {
    var config =
        InformerEventSourceConfiguration.from(Pod.class, DeliveryTier.class)
            .withName("pods")
            .withNamespacesInheritedFromController()
            .withLabelSelector("app.kubernetes.io/name=" + TierIdentity.APP_NAME)
            .withSecondaryToPrimaryMapper(
                pod -> {
                  String tier = pod.getMetadata().getLabels().get(TierIdentity.TIER_LABEL);
                  return tier == null
                      ? Set.of()
                      : Set.of(new ResourceID(tier, pod.getMetadata().getNamespace()));
                })
            .build();
    return new InformerEventSource<>(config, context);
  }

  @Override
  public UpdateControl<DeliveryTier> reconcile(DeliveryTier tier, Context<DeliveryTier> context) {
    String clusterName = tier.getSpec().getClusterRef().getName();
    Optional<MailCluster> cluster = context.getSecondaryResource(MailCluster.class);
    if (cluster.isEmpty()) {
      return missing(
          tier,
          context,
          TierStatusModel.CLUSTER_NOT_FOUND,
          "MailCluster "
              + clusterName
              + " not found in this namespace: create it, or fix spec.clusterRef");
    }
    if (tier.getSpec().getIpPoolRef() != null
        && context.getSecondaryResource(SendingIpPool.class).isEmpty()) {
      return missing(
          tier,
          context,
          TierStatusModel.IP_POOL_NOT_FOUND,
          "SendingIpPool "
              + tier.getSpec().getIpPoolRef().getName()
              + " not found in this namespace: create it; the tier starts no pods until it can send from its addresses");
    }
    Instant now = clock.instant();
    Optional<StatefulSet> statefulSet = context.getSecondaryResource(StatefulSet.class);
    TierScaling scaling =
        scaler.scale(
            tier,
            statefulSet,
            List.copyOf(context.getSecondaryResources(Pod.class)),
            context.getSecondaryResource(SendingIpPool.class),
            ports(MailClusterSettings.fromCrd(cluster.get()), context),
            now);
    int podsWanted = scaling.statefulSetReplicas().orElse(TierReplicas.desired(tier));
    DeliveryTierModel model =
        new DeliveryTierModel(tier, cluster.get(), defaultImage, adminApiClients, aws, podsWanted);
    context.managedWorkflowAndDependentResourceContext().put(DeliveryTierModel.class, model);
    String inputs = AppliedDependents.inputs(tier, cluster.get(), podsWanted, context);
    if (!applied.unchanged(tier, inputs)) {
      context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
      applied.record(tier, inputs);
    }

    DeliveryTierStatus status =
        TierScalingStatus.apply(
            tier,
            TierStatusModel.running(
                tier, model.identity(), statefulSet, podsWanted, scaling.desiredReplicas(), now),
            scaling,
            now);
    scaling.event().ifPresent(e -> record(context, tier, e));
    scaling
        .scaled()
        .ifPresent(
            why ->
                LOG.info(
                    "{}/{}: {} -> {} pods: {}",
                    namespace(tier),
                    name(tier),
                    statefulSet.map(s -> s.getSpec().getReplicas()).orElse(null),
                    podsWanted,
                    why));
    return patchStatus(tier, status).rescheduleAfter(TierScaler.ROUND);
  }

  /** A scaling round's Event on the tier; a Warning also goes to the log. */
  private static void record(Context<DeliveryTier> context, DeliveryTier tier, ScalingEvent e) {
    if (e.warning()) {
      LOG.warn("{}/{}: {}", namespace(tier), name(tier), e.message());
      WarningEvents.record(context.getClient(), tier, e.reason(), e.message());
    } else {
      WarningEvents.normal(context.getClient(), tier, e.reason(), e.message());
    }
  }

  /** The tier's admin and SMTP ports, and its admin token once the Secret is observed. */
  private static TierScaler.Ports ports(
      MailClusterSettings settings, Context<DeliveryTier> context) {
    Optional<String> token =
        context.getSecondaryResource(Secret.class).flatMap(TierAdminTokenModel::token);
    return new TierScaler.Ports(settings.adminPort(), settings.smtpPort(), token);
  }

  /**
   * A failed reconciliation shows as Degraded with the reason; an object the API server refused as
   * invalid also makes the tier not Ready (TierStatusModel.failed). The SDK retries with backoff.
   * The rest of the status is kept as it was: a server-side apply that left out selector or
   * replicas would remove them.
   */
  @Override
  public ErrorStatusUpdateControl<DeliveryTier> updateErrorStatus(
      DeliveryTier tier, Context<DeliveryTier> context, Exception e) {
    if (FailureMessage.isInterruption(e)) {
      // The operator is stopping (or losing the Lease) mid-reconciliation: nothing is wrong with
      // the tier, and the next leader reconciles it from the start.
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    LOG.warn("{}/{}: reconciliation failed: {}", namespace(tier), name(tier), e.getMessage());
    boolean refused = FailureMessage.isRefusal(e);
    // Read before the status below replaces the conditions of the tier's own status object.
    boolean refusalIsNews = refused && isNews(tier, TierStatusModel.OBJECT_REFUSED);
    DeliveryTierStatus status =
        tier.getStatus() == null
            ? new DeliveryTierStatus().setSelector(TierIdentity.of(tier).selectorString())
            : tier.getStatus();
    status.setConditions(
        TierStatusModel.failed(
            status.getConditions(),
            refused,
            FailureMessage.of(e),
            tier.getMetadata().getGeneration(),
            clock.instant()));
    if (refusalIsNews) {
      // Retries with backoff repeat the refusal: one event says it, the condition keeps it.
      ConditionTransitions.find(status.getConditions(), Observation.READY)
          .ifPresent(
              ready ->
                  WarningEvents.record(
                      context.getClient(), tier, ready.getReason(), ready.getMessage()));
    }
    recordReadiness(tier, status);
    return ErrorStatusUpdateControl.patchStatus(withOnlyStatus(tier, status, DeliveryTier::new));
  }

  private UpdateControl<DeliveryTier> missing(
      DeliveryTier tier, Context<DeliveryTier> context, String reason, String message) {
    if (isNews(tier, reason)) {
      LOG.warn("{}/{}: {}", namespace(tier), name(tier), message);
      WarningEvents.record(context.getClient(), tier, reason, message);
    }
    DeliveryTierStatus status =
        TierStatusModel.missingReference(
            tier,
            TierIdentity.of(tier),
            context.getSecondaryResource(StatefulSet.class),
            reason,
            message,
            clock.instant());
    return patchStatus(tier, status);
  }

  /** Whether the tier is not already Ready=False for {@code reason}: worth a Warning event. */
  private static boolean isNews(DeliveryTier tier, String reason) {
    return ConditionTransitions.find(
            tier.getStatus() == null ? null : tier.getStatus().getConditions(), Observation.READY)
        .map(c -> !(c.getStatus() == ConditionStatus.FALSE && reason.equals(c.getReason())))
        .orElse(true);
  }

  /**
   * Patches the status when it differs from what the tier has; rounds that change nothing (most of
   * them, on a quiet tier) write nothing.
   */
  private UpdateControl<DeliveryTier> patchStatus(DeliveryTier tier, DeliveryTierStatus status) {
    recordReadiness(tier, status);
    if (StatusComparison.same(tier.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(withOnlyStatus(tier, status, DeliveryTier::new));
  }

  private void recordReadiness(DeliveryTier tier, DeliveryTierStatus status) {
    boolean ready =
        ConditionTransitions.find(status.getConditions(), Observation.READY)
            .map(c -> c.getStatus() == ConditionStatus.TRUE)
            .orElse(false);
    readiness.record(tier.getKind(), namespace(tier), name(tier), ready);
  }

  /**
   * Watches a kind the tier names by reference: an event on it reconciles the tiers that name it.
   * Status-only changes of the referenced object are ignored; only its existence and spec matter.
   */
  private static <R extends HasMetadata> InformerEventSource<R, DeliveryTier> referenced(
      EventSourceContext<DeliveryTier> context,
      Class<R> kind,
      Function<DeliveryTier, String> reference) {
    var config =
        InformerEventSourceConfiguration.from(kind, DeliveryTier.class)
            .withName(kind.getSimpleName())
            .withNamespacesInheritedFromController()
            .withPrimaryToSecondaryMapper(
                (DeliveryTier tier) -> {
                  String name = reference.apply(tier);
                  return name == null
                      ? Set.of()
                      : Set.of(new ResourceID(name, tier.getMetadata().getNamespace()));
                })
            .withSecondaryToPrimaryMapper(
                referenced ->
                    context
                        .getPrimaryCache()
                        .list(referenced.getMetadata().getNamespace())
                        .filter(
                            tier ->
                                referenced.getMetadata().getName().equals(reference.apply(tier)))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (newer, older) ->
                    !Objects.equals(
                        newer.getMetadata().getGeneration(), older.getMetadata().getGeneration()))
            .build();
    return new InformerEventSource<>(config, context);
  }
}
