package io.mailfleet.operator.reconciler;

import static io.mailfleet.operator.reconciler.PrimaryResource.name;
import static io.mailfleet.operator.reconciler.PrimaryResource.namespace;
import static io.mailfleet.operator.reconciler.PrimaryResource.withOnlyStatus;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MailClusterStatus;
import io.mailfleet.operator.model.ClusterSecretReferences;
import io.mailfleet.operator.model.ClusterStatusModel;
import io.mailfleet.operator.model.ConditionTransitions;
import io.mailfleet.operator.model.Observation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a MailCluster's Secret references, keeps the monitor of its MTA pods, and sums up its
 * DeliveryTiers into its status. The tiers do the work; a MailCluster owns only its monitor, so
 * deleting it leaves its tiers and their pods running (each tier reports ClusterNotFound) rather
 * than dropping queued mail.
 */
@ControllerConfiguration(name = MailClusterReconciler.NAME)
public class MailClusterReconciler implements Reconciler<MailCluster> {

  /** Controller name: the field manager of its status and the kind label of its metrics. */
  public static final String NAME = "mailcluster";

  /**
   * How soon a missing Secret is looked for again. Secrets are not watched: an informer would hold
   * every Secret of the watched namespaces in memory and need list/watch on all of them.
   */
  static final Duration SECRET_RECHECK = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(MailClusterReconciler.class);

  private final ReadinessRecorder readiness;
  private final Clock clock;
  private final Function<KubernetesClient, Monitors> monitors;

  public MailClusterReconciler(ReadinessRecorder readiness, Clock clock) {
    this(readiness, clock, KubernetesMonitors::new);
  }

  /** With {@code monitors} giving the Prometheus Operator's objects through a client. */
  MailClusterReconciler(
      ReadinessRecorder readiness, Clock clock, Function<KubernetesClient, Monitors> monitors) {
    this.readiness = readiness;
    this.clock = clock;
    this.monitors = monitors;
  }

  @Override
  public List<EventSource<?, MailCluster>> prepareEventSources(
      EventSourceContext<MailCluster> context) {
    var tiers =
        InformerEventSourceConfiguration.from(DeliveryTier.class, MailCluster.class)
            .withName("tiers")
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(
                tier ->
                    Set.of(
                        new ResourceID(
                            tier.getSpec().getClusterRef().getName(),
                            tier.getMetadata().getNamespace())))
            .build();
    return List.of(new InformerEventSource<>(tiers, context));
  }

  @Override
  public UpdateControl<MailCluster> reconcile(MailCluster cluster, Context<MailCluster> context) {
    List<String> missing = missingSecrets(cluster, context);
    List<DeliveryTier> tiers = new ArrayList<>(context.getSecondaryResources(DeliveryTier.class));
    MtaMonitorStep.Outcome monitor =
        MtaMonitorStep.reconcile(cluster, monitors.apply(context.getClient()));
    MailClusterStatus status =
        ClusterStatusModel.of(cluster, tiers, missing, monitor.observation(), clock.instant());
    if (!missing.isEmpty() && secretsWereFound(cluster)) {
      String message = "Secrets not found: " + String.join(", ", missing);
      LOG.warn("{}/{}: {}", namespace(cluster), name(cluster), message);
      WarningEvents.record(
          context.getClient(), cluster, ClusterStatusModel.SECRET_NOT_FOUND, message);
    }
    readiness.record(
        cluster.getKind(),
        namespace(cluster),
        name(cluster),
        ConditionTransitions.find(status.getConditions(), Observation.READY)
            .map(c -> c.getStatus() == ConditionStatus.TRUE)
            .orElse(false));

    // Every event of every tier of the cluster reconciles it: most change nothing it reports.
    UpdateControl<MailCluster> control =
        StatusComparison.same(cluster.getStatus(), status)
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(withOnlyStatus(cluster, status, MailCluster::new));
    if (!missing.isEmpty()) {
      return control.rescheduleAfter(SECRET_RECHECK);
    }
    return monitor.recheck() ? control.rescheduleAfter(MtaMonitorStep.RECHECK) : control;
  }

  private static List<String> missingSecrets(MailCluster cluster, Context<MailCluster> context) {
    return ClusterSecretReferences.of(cluster).stream()
        .filter(
            secret ->
                context.getClient().secrets().inNamespace(namespace(cluster)).withName(secret).get()
                    == null)
        .toList();
  }

  /** True unless the last status already said SecretNotFound: one Event per transition. */
  private static boolean secretsWereFound(MailCluster cluster) {
    return ConditionTransitions.find(
            cluster.getStatus() == null ? null : cluster.getStatus().getConditions(),
            Observation.DEGRADED)
        .map(c -> !ClusterStatusModel.SECRET_NOT_FOUND.equals(c.getReason()))
        .orElse(true);
  }
}
