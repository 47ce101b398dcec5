package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.aws.ElasticIpException;
import io.mailfleet.operator.aws.ElasticIpRegions;
import io.mailfleet.operator.aws.ElasticIps;
import io.mailfleet.operator.model.AddressPlan;
import io.mailfleet.operator.model.ElasticIp;
import io.mailfleet.operator.model.OwnershipTags;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds addresses tagged with this installation's cluster id whose SendingIpPool no longer exists
 * (deleted while the operator was down, or its finalizer removed by hand), reports them, and does
 * with each what its recorded release policy says: release it, or take the pool's tags off. Runs at
 * start and then periodically, on the leader only.
 */
public final class OrphanSweep implements AutoCloseable {

  /** How often the sweep runs after the first. */
  public static final Duration PERIOD = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);

  private final KubernetesClient client;
  private final ElasticIpRegions regions;
  private final String clusterId;
  private final String defaultRegion;
  private final Set<String> namespaces;
  private final AddressRecorder recorder;
  private ScheduledExecutorService scheduler;

  /**
   * @param namespaces the watched namespaces (empty: all); only addresses of pools there are swept
   */
  public OrphanSweep(
      KubernetesClient client,
      ElasticIpRegions regions,
      String clusterId,
      String defaultRegion,
      Set<String> namespaces,
      AddressRecorder recorder) {
    this.client = client;
    this.regions = regions;
    this.clusterId = clusterId;
    this.defaultRegion = defaultRegion;
    this.namespaces = Set.copyOf(namespaces);
    this.recorder = recorder;
  }

  /** Sweeps now, then every {@link #PERIOD}, on a thread of its own; a second call does nothing. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "orphan-sweep");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        this::sweepLogged, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sweepLogged() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("orphan sweep failed, next in {}: {}", PERIOD, e.getMessage());
    }
  }

  /** One sweep of every region a pool uses; returns the orphans found. */
  public int sweep() {
    int found = 0;
    for (String region : regionsInUse()) {
      try {
        found += sweep(regions.in(region));
      } catch (ElasticIpException e) {
        LOG.warn("orphan sweep of {}: {}", region, e.getMessage());
      }
    }
    recorder.orphansFound(found);
    return found;
  }

  private int sweep(ElasticIps ips) {
    List<ElasticIp> tagged = ips.findTagged(OwnershipTags.installation(clusterId));
    // Pools are listed after the addresses: a pool that allocated one of them exists by now, and
    // one being deleted still exists until its own cleanup is done.
    Set<String> living = new HashSet<>();
    pools().forEach(p -> living.add(p.getMetadata().getUid()));
    List<ElasticIp> orphans =
        tagged.stream()
            .filter(a -> !living.contains(a.tag(OwnershipTags.OWNER_UID).orElse("")))
            .filter(a -> swept(a.tag(OwnershipTags.NAMESPACE).orElse("")))
            .toList();
    if (orphans.isEmpty()) {
      return 0;
    }
    AddressActions run = new AddressActions(ips, orphans, "orphan sweep", (reason, message) -> {});
    run.lookUpReverseDns();
    for (ElasticIp orphan : run.observed()) {
      String pool =
          orphan.tag(OwnershipTags.NAMESPACE).orElse("?")
              + "/"
              + orphan.tag(OwnershipTags.NAME).orElse("?");
      LOG.warn(
          "orphan: {} ({}) belongs to SendingIpPool {} (uid {}), which no longer exists; recorded"
              + " release policy {}",
          orphan.allocationId(),
          orphan.publicIp(),
          pool,
          orphan.tag(OwnershipTags.OWNER_UID).orElse("?"),
          orphan.tag(OwnershipTags.RELEASE_POLICY).orElse("none (kept)"));
      run.apply(AddressPlan.orphan(orphan));
    }
    run.failures().forEach(f -> LOG.warn("orphan sweep: {}", f.message()));
    return orphans.size();
  }

  private boolean swept(String namespace) {
    return namespaces.isEmpty() || namespaces.contains(namespace);
  }

  private List<SendingIpPool> pools() {
    var kind = client.resources(SendingIpPool.class);
    return namespaces.isEmpty()
        ? kind.inAnyNamespace().list().getItems()
        : namespaces.stream()
            .flatMap(ns -> kind.inNamespace(ns).list().getItems().stream())
            .toList();
  }

  /** The operator's region and every region a pool names. */
  private Set<String> regionsInUse() {
    Set<String> inUse = new TreeSet<>();
    if (defaultRegion != null) {
      inUse.add(defaultRegion);
    }
    Function<SendingIpPool, String> region =
        p ->
            p.getSpec() == null || p.getSpec().getAws() == null
                ? null
                : p.getSpec().getAws().getRegion();
    pools().stream().map(region).filter(r -> r != null).forEach(inUse::add);
    return inUse;
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
