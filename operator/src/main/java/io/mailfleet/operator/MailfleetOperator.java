package io.mailfleet.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.mailfleet.operator.aws.AwsClientSettings;
import io.mailfleet.operator.aws.Ec2ElasticIpRegions;
import io.mailfleet.operator.aws.ElasticIpRegions;
import io.mailfleet.operator.aws.SqsQueueBacklog;
import io.mailfleet.operator.metrics.OperatorMetrics;
import io.mailfleet.operator.reconciler.DeliveryTierReconciler;
import io.mailfleet.operator.reconciler.MailClusterReconciler;
import io.mailfleet.operator.reconciler.OrphanSweep;
import io.mailfleet.operator.reconciler.SendingIpPoolReconciler;
import io.mailfleet.operator.scaling.TierScaler;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JOSDK operator with mailfleet's reconcilers, metrics and leader election wired in. */
public final class MailfleetOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MailfleetOperator.class);

  private final Operator operator;
  private final ElasticIpRegions elasticIps;
  private final SqsQueueBacklog sqsBacklog;
  private final OrphanSweep orphanSweep;
  private final boolean leaderElection;
  // Set once close() begins: giving up the Lease then is the plan, not a loss.
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** What a replica does when it loses the Lease or stops leading. */
  public enum LeaseLoss {
    /**
     * Exit the process: its caches and in-flight work may be stale, and the Deployment restarts it
     * as a fresh follower.
     */
    EXIT,
    /** Keep the JVM: for tests that run several replicas in one process, and stop them. */
    STAY
  }

  /** The operator as the process runs it: exits when it loses the Lease. */
  public MailfleetOperator(
      KubernetesClient client, OperatorSettings settings, OperatorMetrics metrics) {
    this(client, settings, metrics, LeaseLoss.EXIT);
  }

  /** Builds the operator on AWS as the SDK's default chains find it. */
  public MailfleetOperator(
      KubernetesClient client,
      OperatorSettings settings,
      OperatorMetrics metrics,
      LeaseLoss leaseLoss) {
    this(
        client,
        settings,
        metrics,
        leaseLoss,
        new Ec2ElasticIpRegions(AwsClientSettings.ELASTIC_IPS, metrics));
  }

  /**
   * Builds the operator; nothing watches or reconciles until {@link #start()}. It closes {@code
   * elasticIps} when it closes.
   */
  public MailfleetOperator(
      KubernetesClient client,
      OperatorSettings settings,
      OperatorMetrics metrics,
      LeaseLoss leaseLoss,
      ElasticIpRegions elasticIps) {
    this.elasticIps = elasticIps;
    this.sqsBacklog =
        new SqsQueueBacklog(AwsClientSettings.QUEUE_READS, settings.awsRegion(), metrics);
    this.leaderElection = settings.leaderElection();
    this.orphanSweep =
        new OrphanSweep(
            client,
            elasticIps,
            settings.clusterId(),
            settings.awsRegion(),
            settings.namespaces(),
            metrics);
    operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client).withMetrics(metrics).withCloseClientOnStop(false);
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        OperatorSettings.LEASE_NAME,
                        settings.leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        settings.identity(),
                        new LeaderCallbacks(
                            () -> {
                              LOG.info("{} holds the Lease: reconciling", settings.identity());
                              orphanSweep.start();
                            },
                            () -> stoppedLeading(settings.identity(), leaseLoss),
                            leader -> {}),
                        // Not the SDK's own exit: it calls System.exit even while the JVM is
                        // already shutting down (SIGTERM), where that call blocks forever.
                        false));
              }
            });
    Consumer<ControllerConfigurationOverrider<?>> namespaces =
        c -> {
          if (settings.watchesAllNamespaces()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(settings.namespaces());
          }
        };
    Clock clock = Clock.systemUTC();
    operator.register(new MailClusterReconciler(metrics, clock), c -> namespaces.accept(c));
    operator.register(
        new DeliveryTierReconciler(
            settings.defaultImage(),
            settings.adminApiClients(),
            settings.mtaAwsEnvironment(),
            metrics,
            clock,
            TierScaler.create(metrics, sqsBacklog)),
        c -> namespaces.accept(c));
    operator.register(
        new SendingIpPoolReconciler(
            elasticIps, settings.clusterId(), settings.awsRegion(), metrics, metrics, clock),
        c -> namespaces.accept(c));
  }

  /**
   * Lost the Lease while running: another replica is leader now, so this one must stop writing at
   * once. halt, not exit: no shutdown hook may run (they would wait for this very thread).
   */
  private void stoppedLeading(String identity, LeaseLoss leaseLoss) {
    if (leaseLoss == LeaseLoss.EXIT && !stopping.get()) {
      LOG.error(
          "{} lost the Lease {}: exiting so that only the new leader writes",
          identity,
          OperatorSettings.LEASE_NAME);
      Runtime.getRuntime().halt(1);
    }
  }

  /** Starts the informers, and the reconcilers once this replica holds the lease. */
  public void start() {
    operator.start();
    if (!leaderElection) {
      // The only replica: it sweeps from the start (with leader election, the leader does).
      orphanSweep.start();
    }
  }

  /** What the SDK knows of itself, for {@code /readyz}. */
  public RuntimeInfo runtimeInfo() {
    return operator.getRuntimeInfo();
  }

  @Override
  public void close() {
    stopping.set(true);
    orphanSweep.close();
    operator.stop();
    elasticIps.close();
    sqsBacklog.close();
  }
}
