package io.mailfleet.operator.reconciler;

import static io.mailfleet.operator.reconciler.PrimaryResource.name;
import static io.mailfleet.operator.reconciler.PrimaryResource.namespace;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.MonitorKind;
import io.mailfleet.operator.model.MtaMonitorModel;
import io.mailfleet.operator.model.Observation;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a MailCluster's MTA monitor as {@code spec.monitoring} asks. Without the Prometheus
 * Operator's CRDs it neither fails nor retries hot: the MailCluster says so in MonitoringReady and
 * is looked at again every {@link #RECHECK}, so the monitor appears soon after the CRDs do (CRDs
 * are not watched: that would need cluster-wide RBAC on them).
 */
final class MtaMonitorStep {

  /** How soon a missing CRD or a refused monitor is tried again. */
  static final Duration RECHECK = Duration.ofSeconds(60);

  /**
   * What the step did.
   *
   * @param observation MonitoringReady, empty when monitoring is off
   * @param recheck whether to look again after {@link #RECHECK}
   */
  record Outcome(Optional<Observation> observation, boolean recheck) {}

  private static final Logger LOG = LoggerFactory.getLogger(MtaMonitorStep.class);

  private MtaMonitorStep() {}

  static Outcome reconcile(MailCluster cluster, Monitors monitors) {
    Optional<MtaMonitorModel> desired = MtaMonitorModel.of(cluster);
    removeStale(cluster, desired.map(MtaMonitorModel::kind), monitors);
    if (desired.isEmpty()) {
      return new Outcome(Optional.empty(), false);
    }
    MtaMonitorModel monitor = desired.get();
    if (!monitors.served(monitor.kind())) {
      return new Outcome(Optional.of(monitor.crdMissing(RECHECK.toSeconds() + "s")), true);
    }
    try {
      monitors.apply(monitor.resource());
      return new Outcome(Optional.of(monitor.applied()), false);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{}/{}: cannot apply the MTA monitor: {}",
          namespace(cluster),
          name(cluster),
          e.getMessage());
      return new Outcome(Optional.of(monitor.applyFailed(FailureMessage.of(e))), true);
    }
  }

  // The monitor the last status recorded, when monitoring was turned off or changed kind.
  private static void removeStale(
      MailCluster cluster, Optional<MonitorKind> wanted, Monitors monitors) {
    Optional<MonitorKind> applied =
        MtaMonitorModel.applied(
            cluster.getStatus() == null ? null : cluster.getStatus().getConditions());
    if (applied.isEmpty() || applied.equals(wanted)) {
      return;
    }
    try {
      monitors.delete(applied.get(), namespace(cluster), MtaMonitorModel.name(cluster));
    } catch (KubernetesClientException e) {
      // Owned by the MailCluster, a leftover goes with it at the latest.
      LOG.warn(
          "{}/{}: cannot delete the MTA {}: {}",
          namespace(cluster),
          name(cluster),
          MtaMonitorModel.kindName(applied.get()),
          e.getMessage());
    }
  }
}
