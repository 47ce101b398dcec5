package io.mailfleet.mta.queue;

import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.queue.DeliveryResult.PermanentFailure;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpooledMessage;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules and runs deliveries. Each job is first placed (routing and DNS, asynchronously) in the
 * {@link SiteQueue} of its (egress pool, site); retries wait on a timer wheel and are placed again.
 * {@link SiteDispatch} opens connections per site within its limits, and {@link Settlement} applies
 * their outcomes. A message is completed in the spool once every recipient is delivered, bounced or
 * expired. Progress is in memory only (see docs/adr/0007-delivery-progress-in-memory.md).
 */
public final class DeliveryQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);

  private final SiteLocator locator;
  private final EgressPools egress;
  private final Clock clock;

  /** How long closing waits for connections under way before it interrupts them. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final Timer timer;
  private final DeliveryListener listener;
  private final ExecutorService workers;
  private final ExecutorService placer;
  private final SiteDispatch dispatch;
  private final Settlement settlement;
  private final Outstanding outstanding;

  /** Jobs whose placement arrived while delivery was held; guarded by the dispatch lock. */
  private final List<DeliveryJob> heldJobs = new ArrayList<>();

  /** A queue sending everything from one uncapped source, as {@link EgressPools#single}. */
  public DeliveryQueue(
      Spool spool,
      SiteLocator locator,
      SiteTransport transport,
      RetrySchedule schedule,
      DeliveryListener listener,
      NonDeliveryReports reports,
      int maxConnections,
      Clock clock) {
    this(
        spool,
        locator,
        transport,
        schedule,
        listener,
        reports,
        maxConnections,
        clock,
        EgressPools.single(clock));
  }

  /**
   * A queue placing jobs with {@code locator} and carrying them with {@code transport} from sources
   * leased from {@code egress}, over at most {@code maxConnections} connections at once (each site
   * also within its own limits).
   */
  public DeliveryQueue(
      Spool spool,
      SiteLocator locator,
      SiteTransport transport,
      RetrySchedule schedule,
      DeliveryListener listener,
      NonDeliveryReports reports,
      int maxConnections,
      Clock clock,
      EgressPools egress) {
    this.locator = locator;
    this.listener = listener;
    this.egress = egress;
    this.clock = clock;
    this.timer = new HashedWheelTimer(daemon("delivery-timer"), 100, TimeUnit.MILLISECONDS);
    this.workers = Executors.newFixedThreadPool(maxConnections, daemon("delivery-worker"));
    // Placement outcomes may write bounces (blocking I/O): never on the DNS event loop.
    this.placer = Executors.newSingleThreadExecutor(daemon("delivery-placer"));
    this.outstanding = new Outstanding(spool);
    this.settlement =
        new Settlement(schedule, listener, reports, outstanding, this::enqueue, this::later, clock);
    this.dispatch =
        new SiteDispatch(
            transport,
            egress,
            listener,
            settlement,
            outstanding,
            workers,
            timer,
            maxConnections,
            schedule.maxAge(),
            clock);
    expireWaitingEveryMinute();
  }

  /** Expires the jobs that waited for their site (never attempted) past the max age. */
  void expireWaiting() {
    dispatch.expireWaiting();
  }

  /** Expires jobs that waited for their site past the max age, once a minute until closed. */
  private void expireWaitingEveryMinute() {
    try {
      timer.newTimeout(
          t -> {
            try {
              expireWaiting();
            } finally {
              expireWaitingEveryMinute();
            }
          },
          1,
          TimeUnit.MINUTES);
    } catch (IllegalStateException stopped) {
      LOG.debug("queue closed; no more expiry sweeps");
    }
  }

  /** A message was just durably accepted (SMTP or injection): reports it, then queues it. */
  public void accept(SpooledMessage message) {
    listener.received(message, poolOf(message));
    enqueue(message);
  }

  /** Queues a committed message for immediate delivery, one job per recipient domain. */
  public void enqueue(SpooledMessage message) {
    Map<String, List<String>> byDomain = new LinkedHashMap<>();
    for (String recipient : message.envelope().recipients()) {
      byDomain
          .computeIfAbsent(DeliveryJob.domainOf(recipient), d -> new ArrayList<>())
          .add(recipient);
    }
    outstanding.add(message, poolOf(message));
    byDomain.forEach(
        (domain, recipients) -> place(new DeliveryJob(message, domain, recipients, 0)));
  }

  /** The egress pool that carries {@code message}, chosen from its envelope sender. */
  private String poolOf(SpooledMessage message) {
    return egress.poolFor(message.envelope().sender());
  }

  /** Messages with at least one recipient not yet delivered, bounced or expired. */
  public int messages() {
    return outstanding.count();
  }

  /**
   * Routes the job's domain (without blocking), then queues it at its site. While the queue is held
   * the job waits unrouted, so a paused MTA asks DNS nothing.
   */
  private void place(DeliveryJob job) {
    synchronized (dispatch) {
      if (dispatch.isHeld()) {
        heldJobs.add(job);
        return;
      }
    }
    locator
        .locate(job.domain())
        .whenCompleteAsync((placement, failure) -> placed(job, placement, failure), placer)
        .exceptionally(
            e -> {
              if (e.getCause() instanceof RejectedExecutionException) {
                LOG.debug("queue closed; message {} is placed after restart", job.message().id());
              } else {
                LOG.error("message {}: placing its job failed", job.message().id(), e);
              }
              return null;
            });
  }

  private void placed(DeliveryJob job, Placement placement, Throwable failure) {
    synchronized (dispatch) {
      if (dispatch.isHeld()) {
        heldJobs.add(job);
        return;
      }
    }
    String pool = outstanding.poolOf(job.message().id());
    if (pool == null) {
      return; // finished meanwhile (handed over to a peer)
    }
    if (failure != null) {
      LOG.error("message {}: routing {} failed", job.message().id(), job.domain(), failure);
      settlement.unplaced(
          job, pool, new TransientFailure(DeliveryReplies.routingFailed(job.domain(), failure)));
    } else if (placement instanceof Placement.AtSite at) {
      dispatch.ready(new SiteKey(pool, at.site()), at.policy(), at.hosts(), job);
    } else if (placement instanceof Placement.NoService none) {
      settlement.unplaced(job, pool, new PermanentFailure(none.reply()));
    } else if (placement instanceof Placement.Unresolved unresolved) {
      settlement.unplaced(job, pool, new TransientFailure(unresolved.reply()));
    }
  }

  /** Places {@code job} again after {@code wait}. */
  private void later(DeliveryJob job, Duration wait) {
    try {
      timer.newTimeout(t -> place(job), Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (IllegalStateException stopped) {
      LOG.debug("queue closed; message {} is retried after restart", job.message().id());
    }
  }

  /**
   * Stops starting deliveries and waits up to {@code timeout} for those under way to settle;
   * returns whether they did. Jobs stay queued until {@link #release}.
   */
  public boolean hold(Duration timeout) throws InterruptedException {
    return dispatch.hold(timeout);
  }

  /** Starts deliveries again after {@link #hold}. */
  public void release() {
    List<DeliveryJob> replace;
    // One lock for both, so no job joins heldJobs after the copy while the dispatch is still held.
    synchronized (dispatch) {
      replace = List.copyOf(heldJobs);
      heldJobs.clear();
      dispatch.release();
    }
    replace.forEach(this::place);
  }

  /** The message with the recipients it still has to deliver now; empty when none are left. */
  public Optional<QueuedMessage> queued(MessageId id) {
    return outstanding.queued(id);
  }

  /** Every message with recipients still to deliver, with those recipients; a snapshot. */
  public List<QueuedMessage> queued() {
    return outstanding.queued();
  }

  /**
   * A peer took responsibility for the message (its 250 after the final dot): nothing more is
   * delivered from here, and the message leaves the spool.
   */
  public void handedOver(MessageId id) {
    Set<String> pending = outstanding.pending(id);
    if (pending != null) {
      outstanding.finish(id, List.copyOf(pending));
    }
  }

  /**
   * A peer took responsibility for some of the message's recipients (its 250 after the final dot)
   * and refused the others: only those others are still delivered from here.
   */
  public void handedOver(MessageId id, Collection<String> recipients) {
    outstanding.finish(id, List.copyOf(recipients));
  }

  /** Every site known now, busy or suspended or recently used, as the admin API shows them. */
  public List<SiteStatus> sites() {
    return dispatch.statuses();
  }

  /**
   * Suspends every site named {@code site} (in every pool) for {@code duration}, or for its rule's
   * time when {@code null}; false when no such site is known.
   */
  public boolean suspend(String site, Duration duration) {
    return dispatch.suspend(site, duration, "suspended by hand");
  }

  /** Lifts the suspension of every site named {@code site}; false when no such site is known. */
  public boolean resume(String site) {
    return dispatch.resume(site);
  }

  /** Figures per egress pool for the metrics. */
  public List<PoolStats> poolStats() {
    return dispatch.poolStats(outstanding.backlogs());
  }

  /**
   * Stops the workers and the timer; what is still queued stays in the spool for the next start.
   */
  @Override
  public void close() {
    try {
      // Connections under way finish their batch if they can; what is cut is retried after the
      // restart, and what was delivered before the cut is not sent again.
      if (!dispatch.hold(CLOSE_GRACE)) {
        LOG.warn("deliveries still under way after {}; interrupting them", CLOSE_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.stop();
    placer.shutdownNow();
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("delivery workers still busy after 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code task} on {@code executor}, unless the queue is closed. */
  static void run(ExecutorService executor, Runnable task, Object what) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException stopped) {
      LOG.debug("queue closed; {} stays queued until restart", what);
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
