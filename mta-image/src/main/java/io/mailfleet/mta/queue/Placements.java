package io.mailfleet.mta.queue;

import io.mailfleet.mta.egress.EgressPools;
import io.mailfleet.mta.queue.DeliveryResult.PermanentFailure;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import io.mailfleet.mta.queue.Settlement.Settled;
import io.mailfleet.mta.spool.SpooledMessage;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way into the {@link Switchboard}: splits committed messages into jobs, routes each job's
 * domain (without blocking) and hands the answer to the board, and queues what settlements leave
 * (retries after their wait, bounces). Keeps no state of its own: whether a job is held back is the
 * board's to say.
 */
final class Placements {

  private static final Logger LOG = LoggerFactory.getLogger(Placements.class);

  private final Switchboard board;
  private final SiteLocator locator;
  private final Settlement settlement;
  private final Outstanding outstanding;
  private final EgressPools egress;
  private final Executor placer;
  private final Timer timer;

  /**
   * Placements for {@code board}, routing with {@code locator}; answers are applied on {@code
   * placer} (they may write bounces: never on the DNS event loop), retries wait on {@code timer}.
   */
  Placements(
      Switchboard board,
      SiteLocator locator,
      Settlement settlement,
      Outstanding outstanding,
      EgressPools egress,
      Executor placer,
      Timer timer) {
    this.board = board;
    this.locator = locator;
    this.settlement = settlement;
    this.outstanding = outstanding;
    this.egress = egress;
    this.placer = placer;
    this.timer = timer;
  }

  /** Queues a committed message for immediate delivery, one job per recipient domain. */
  void enqueue(SpooledMessage message) {
    Map<String, List<String>> byDomain = new LinkedHashMap<>();
    for (String recipient : message.envelope().recipients()) {
      byDomain
          .computeIfAbsent(DeliveryJob.domainOf(recipient), d -> new ArrayList<>())
          .add(recipient);
    }
    outstanding.add(message, egress.poolFor(message.envelope().sender()));
    byDomain.forEach(
        (domain, recipients) -> place(new DeliveryJob(message, domain, recipients, 0)));
  }

  /**
   * Routes the job's domain (without blocking), then queues it at its site. While delivery is held
   * the job waits unrouted, so a paused MTA asks DNS nothing.
   */
  void place(DeliveryJob job) {
    if (board.heldBack(job)) {
      return;
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
    if (board.heldBack(job)) {
      return;
    }
    String pool = outstanding.poolOf(job.message().id());
    if (pool == null) {
      return; // finished meanwhile (handed over to a peer)
    }
    if (failure != null) {
      LOG.error("message {}: routing {} failed", job.message().id(), job.domain(), failure);
      unplaced(
          job, pool, new TransientFailure(DeliveryReplies.routingFailed(job.domain(), failure)));
    } else if (placement instanceof Placement.AtSite at) {
      board.ready(new SiteKey(pool, at.site()), at, job);
    } else if (placement instanceof Placement.NoService none) {
      unplaced(job, pool, new PermanentFailure(none.reply()));
    } else if (placement instanceof Placement.Unresolved unresolved) {
      unplaced(job, pool, new TransientFailure(unresolved.reply()));
    }
  }

  /**
   * Settles a job that got no attempt at a site (no route, or too long waiting for one), unless
   * delivery is held: then the board keeps it back for a transfer, and places it again on release.
   */
  void unplaced(DeliveryJob job, String pool, DeliveryResult outcome) {
    if (!board.settling(job)) {
      return;
    }
    try {
      queue(settlement.unplaced(job, pool, outcome));
    } finally {
      board.settlingEnded();
    }
  }

  /** Applies an attempt's outcomes to {@code job} and queues what they leave to do. */
  void settle(DeliveryJob job, Attempt attempt, Map<String, DeliveryResult> outcomes) {
    queue(settlement.settle(job, attempt, outcomes));
  }

  /** Queues the retry and the bounce a settlement left, then finishes its recipients. */
  private void queue(Settled settled) {
    settled.retry().ifPresent(job -> later(job, settled.retryAfter()));
    settled.bounce().ifPresent(this::enqueue);
    if (settled.message() != null) {
      outstanding.finish(settled.message(), settled.done());
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
}
