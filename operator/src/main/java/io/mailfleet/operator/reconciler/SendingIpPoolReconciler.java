package io.mailfleet.operator.reconciler;

import static io.mailfleet.operator.reconciler.PrimaryResource.name;
import static io.mailfleet.operator.reconciler.PrimaryResource.namespace;
import static io.mailfleet.operator.reconciler.PrimaryResource.withOnlyStatus;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.mailfleet.operator.api.v1alpha1.AddressState;
import io.mailfleet.operator.api.v1alpha1.AddressStatus;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.PtrState;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolStatus;
import io.mailfleet.operator.aws.ElasticIpException;
import io.mailfleet.operator.aws.ElasticIpRegions;
import io.mailfleet.operator.aws.ElasticIps;
import io.mailfleet.operator.model.AddressAction;
import io.mailfleet.operator.model.AddressFailure;
import io.mailfleet.operator.model.AddressPlan;
import io.mailfleet.operator.model.ConditionTransitions;
import io.mailfleet.operator.model.ElasticIp;
import io.mailfleet.operator.model.IpPoolModel;
import io.mailfleet.operator.model.Observation;
import io.mailfleet.operator.model.PoolStatusModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a SendingIpPool's Elastic IPs in AWS equal to its spec: finds its addresses by their
 * ownership tags, plans the writes that close the gap (none when nothing changed), makes them, and
 * reports every address in the status. A finalizer (added by the SDK before the first
 * reconciliation, so before any AWS call) lets deletion release or untag what the pool holds.
 */
@ControllerConfiguration(
    name = SendingIpPoolReconciler.NAME,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class SendingIpPoolReconciler implements Reconciler<SendingIpPool>, Cleaner<SendingIpPool> {

  /** Controller name: the field manager of its status and the kind label of its metrics. */
  public static final String NAME = "sendingippool";

  /**
   * First wait after an AWS failure; it grows with the failure's age up to {@link #MAX_BACKOFF}.
   */
  static final Duration MIN_BACKOFF = Duration.ofSeconds(10);

  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /**
   * How soon a pool that was just changed is looked at again, from AWS rather than from what this
   * reconciliation believes: an AllocateAddress whose answer was lost and retried left a second
   * address that only a fresh DescribeAddresses shows.
   */
  static final Duration VERIFY_AFTER_CHANGE = Duration.ofSeconds(5);

  /** How long a PTR name that AWS refused stays refused before it is asked for again. */
  static final Duration PTR_RETRY = Duration.ofMinutes(5);

  /** How soon a PTR that AWS is still applying is looked at again. */
  static final Duration PTR_RECHECK = Duration.ofMinutes(1);

  // Allocate, then name what was allocated, then check: never more rounds in one reconciliation.
  private static final int ROUNDS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(SendingIpPoolReconciler.class);

  private final ElasticIpRegions regions;
  private final String clusterId;
  private final String defaultRegion;
  private final ReadinessRecorder readiness;
  private final AddressRecorder addresses;
  private final Clock clock;

  public SendingIpPoolReconciler(
      ElasticIpRegions regions,
      String clusterId,
      String defaultRegion,
      ReadinessRecorder readiness,
      AddressRecorder addresses,
      Clock clock) {
    this.regions = regions;
    this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
    this.defaultRegion = defaultRegion;
    this.readiness = readiness;
    this.addresses = addresses;
    this.clock = clock;
  }

  @Override
  public UpdateControl<SendingIpPool> reconcile(
      SendingIpPool pool, Context<SendingIpPool> context) {
    IpPoolModel model = IpPoolModel.of(pool, clusterId, defaultRegion);
    Instant now = clock.instant();
    try {
      ElasticIps ips = regions.in(region(model));
      AddressActions run = observe(ips, model, pool, context);
      boolean retryRefusedNames =
          failingFor(pool, PoolStatusModel.REVERSE_DNS_FAILED, now).compareTo(PTR_RETRY) >= 0;
      for (int round = 0; round < ROUNDS && !run.stopped(); round++) {
        AddressPlan plan = AddressPlan.of(model, run.observed(), retryRefusedNames);
        retryRefusedNames = false;
        if (plan.converged()) {
          break;
        }
        run.apply(plan.actions());
      }
      AddressPlan end = AddressPlan.of(model, run.observed());
      List<AddressFailure> failures = new ArrayList<>(run.failures());
      failures.addAll(PoolStatusModel.adoptionFailures(model, run.observed()));
      SendingIpPoolStatus status =
          PoolStatusModel.of(
              model,
              end.holders(),
              failures,
              run.retained(),
              pool.getStatus(),
              pool.getMetadata().getGeneration(),
              now);
      UpdateControl<SendingIpPool> control = finish(pool, context, status, now);
      return run.changedAnything()
          ? control.rescheduleAfter(VERIFY_AFTER_CHANGE.toMillis())
          : control;
    } catch (ElasticIpException e) {
      LOG.warn("{}/{}: {}", namespace(pool), name(pool), e.getMessage());
      SendingIpPoolStatus status =
          PoolStatusModel.failed(
              pool.getStatus(),
              AddressFailure.ofPool(e.reason(), e.getMessage()),
              pool.getMetadata().getGeneration(),
              now);
      return finish(pool, context, status, now);
    }
  }

  @Override
  public DeleteControl cleanup(SendingIpPool pool, Context<SendingIpPool> context) {
    IpPoolModel model = IpPoolModel.of(pool, clusterId, defaultRegion);
    try {
      ElasticIps ips = regions.in(region(model));
      List<ElasticIp> owned = ips.findTagged(model.ownerFilter());
      AddressActions run =
          new AddressActions(ips, owned, model.qualifiedName(), events(pool, context));
      run.lookUpReverseDns();
      run.apply(AddressPlan.deletion(model, run.observed()));
      // The finalizer goes only once AWS says that nothing carries the pool's tags any more.
      List<ElasticIp> left = ips.findTagged(model.ownerFilter());
      if (run.failures().isEmpty() && left.isEmpty()) {
        addresses.poolGone(namespace(pool), name(pool));
        LOG.info(
            "{}: every address released or let go; removing the finalizer", model.qualifiedName());
        return DeleteControl.defaultDelete();
      }
      String why =
          run.failures().isEmpty()
              ? left.size() + " addresses still carry the pool's tags"
              : run.failures().get(0).message();
      warnOnce(pool, context, "CleanupFailed", "cannot let go of the pool's addresses yet: " + why);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(MIN_BACKOFF.toMillis());
    } catch (ElasticIpException e) {
      if (PoolStatusModel.UNKNOWN_REGION.equals(e.reason())
          || PoolStatusModel.REGION_NOT_SET.equals(e.reason())) {
        // Nothing can have been allocated where no region is: nothing to clean up.
        addresses.poolGone(namespace(pool), name(pool));
        return DeleteControl.defaultDelete();
      }
      warnOnce(
          pool, context, e.reason(), "cannot clean up the pool's addresses: " + e.getMessage());
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(backoff(pool, clock.instant()).toMillis());
    }
  }

  /** What AWS holds for the pool: its tagged addresses, those it adopts, and their reverse DNS. */
  private AddressActions observe(
      ElasticIps ips, IpPoolModel model, SendingIpPool pool, Context<SendingIpPool> context) {
    Map<String, ElasticIp> found = new LinkedHashMap<>();
    ips.findTagged(model.ownerFilter()).forEach(a -> found.put(a.allocationId(), a));
    List<String> adopting = AddressPlan.notFound(model, found.values());
    if (!adopting.isEmpty()) {
      ips.findById(adopting).forEach(a -> found.put(a.allocationId(), a));
    }
    AddressActions run =
        new AddressActions(ips, found.values(), model.qualifiedName(), events(pool, context));
    // PTRs are read only when the pool names its addresses or lets some go (their name is reset):
    // a steady pool without reverseDns makes one read call.
    boolean lettingGo =
        AddressPlan.of(model, found.values()).actions().stream()
            .anyMatch(a -> a instanceof AddressAction.Release || a instanceof AddressAction.Untag);
    if (model.setsReverseDns() || lettingGo) {
      run.lookUpReverseDns();
    }
    return run;
  }

  private UpdateControl<SendingIpPool> finish(
      SendingIpPool pool, Context<SendingIpPool> context, SendingIpPoolStatus status, Instant now) {
    Optional<Condition> degraded =
        ConditionTransitions.find(status.getConditions(), Observation.DEGRADED)
            .filter(c -> c.getStatus() == ConditionStatus.TRUE);
    degraded.ifPresent(c -> warnOnce(pool, context, c.getReason(), c.getMessage()));
    readiness.record(
        pool.getKind(),
        namespace(pool),
        name(pool),
        ConditionTransitions.find(status.getConditions(), Observation.READY)
            .map(c -> c.getStatus() == ConditionStatus.TRUE)
            .orElse(false));
    addresses.poolAddresses(namespace(pool), name(pool), byState(status));

    // Conditions keep their transition times, so the status of an unchanged pool compares equal.
    UpdateControl<SendingIpPool> control =
        StatusComparison.same(pool.getStatus(), status)
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(withOnlyStatus(pool, status, SendingIpPool::new));
    if (degraded.isPresent()) {
      return control.rescheduleAfter(backoff(pool, now).toMillis());
    }
    boolean ptrPending =
        status.getAddresses() != null
            && status.getAddresses().stream().anyMatch(a -> a.getPtrState() == PtrState.PENDING);
    return ptrPending ? control.rescheduleAfter(PTR_RECHECK.toMillis()) : control;
  }

  /**
   * No hot loop on a failure: the wait grows with how long the pool has been Degraded, from {@link
   * #MIN_BACKOFF} to {@link #MAX_BACKOFF}.
   */
  private static Duration backoff(SendingIpPool pool, Instant now) {
    Duration failingFor = failingFor(pool, null, now);
    Duration wait = failingFor.compareTo(MIN_BACKOFF) < 0 ? MIN_BACKOFF : failingFor;
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  /** How long the pool has been Degraded (for {@code reason}, or any when null); zero if not. */
  private static Duration failingFor(SendingIpPool pool, String reason, Instant now) {
    return degraded(pool)
        .filter(c -> c.getLastTransitionTime() != null)
        .filter(c -> reason == null || reason.equals(c.getReason()))
        .map(c -> Duration.between(Instant.parse(c.getLastTransitionTime()), now))
        .orElse(Duration.ZERO);
  }

  /** One Warning per distinct failure: none when the last status already said the same. */
  private static void warnOnce(
      SendingIpPool pool, Context<SendingIpPool> context, String reason, String message) {
    boolean known =
        degraded(pool)
            .filter(c -> reason.equals(c.getReason()) && message.equals(c.getMessage()))
            .isPresent();
    if (!known) {
      WarningEvents.record(context.getClient(), pool, reason, message);
    }
  }

  /** The pool's last recorded Degraded condition, when it is true. */
  private static Optional<Condition> degraded(SendingIpPool pool) {
    return ConditionTransitions.find(
            pool.getStatus() == null ? null : pool.getStatus().getConditions(),
            Observation.DEGRADED)
        .filter(c -> c.getStatus() == ConditionStatus.TRUE);
  }

  private static BiConsumer<String, String> events(
      SendingIpPool pool, Context<SendingIpPool> context) {
    return (reason, message) -> WarningEvents.normal(context.getClient(), pool, reason, message);
  }

  private static String region(IpPoolModel model) {
    if (model.region() == null) {
      throw new ElasticIpException(
          "Configure",
          PoolStatusModel.REGION_NOT_SET,
          false,
          "no AWS region: set spec.aws.region, or the operator's region (the chart's aws.region)",
          null);
    }
    return model.region();
  }

  private static Map<AddressState, Long> byState(SendingIpPoolStatus status) {
    return status.getAddresses() == null
        ? Map.of()
        : status.getAddresses().stream()
            .filter(a -> a.getState() != null)
            .collect(Collectors.groupingBy(AddressStatus::getState, Collectors.counting()));
  }
}
