package io.mailfleet.mta.queue;

import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.PermanentFailure;
import io.mailfleet.mta.spool.SpooledMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one attempt's outcomes to a job: tells the listener, schedules the retry of temporary
 * failures (or expires them at the max age), writes the bounce, and marks recipients done.
 */
final class Settlement {

  private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

  private final RetrySchedule schedule;
  private final DeliveryListener listener;
  private final NonDeliveryReports reports;
  private final Outstanding outstanding;
  private final Consumer<SpooledMessage> enqueue;
  private final BiConsumer<DeliveryJob, Duration> later;
  private final Clock clock;

  Settlement(
      RetrySchedule schedule,
      DeliveryListener listener,
      NonDeliveryReports reports,
      Outstanding outstanding,
      Consumer<SpooledMessage> enqueue,
      BiConsumer<DeliveryJob, Duration> later,
      Clock clock) {
    this.schedule = schedule;
    this.listener = listener;
    this.reports = reports;
    this.outstanding = outstanding;
    this.enqueue = enqueue;
    this.later = later;
    this.clock = clock;
  }

  /** The job never reached a site (routing said no service, or failed): one outcome for all. */
  void unplaced(DeliveryJob job, String pool, DeliveryResult outcome) {
    settle(job, new Attempt(pool, null, null, null), job.outcomeForAll(outcome));
  }

  /**
   * Applies {@code results} (recipient to outcome) of one attempt of {@code job}, to the recipients
   * still pending: those a transfer handed to a peer meanwhile are no longer ours to retry or
   * bounce.
   */
  void settle(DeliveryJob attempted, Attempt attempt, Map<String, DeliveryResult> results) {
    List<DeliveryJob> pending = outstanding.stillPending(List.of(attempted));
    if (pending.isEmpty()) {
      return;
    }
    DeliveryJob job = pending.get(0);
    Instant now = clock.instant();
    Duration queueTime = Duration.between(job.message().envelope().receivedAt(), now);
    List<String> retry = new ArrayList<>();
    List<String> done = new ArrayList<>();
    List<NonDeliveryReports.Failure> failures = new ArrayList<>();
    String lastTransient = "";
    for (String recipient : job.recipients()) {
      DeliveryResult result =
          results.getOrDefault(
              recipient, new DeliveryResult.TransientFailure(DeliveryReplies.NO_OUTCOME));
      if (result instanceof Delivered d) {
        listener.delivered(job, attempt, recipient, queueTime, d.reply());
        done.add(recipient);
      } else if (result instanceof PermanentFailure p) {
        listener.bounced(job, attempt, recipient, queueTime, p.reply());
        failures.add(new NonDeliveryReports.Failure(recipient, p.reply(), false));
        done.add(recipient);
      } else {
        retry.add(recipient);
        lastTransient = result.reply();
      }
    }
    if (!retry.isEmpty()) {
      scheduleRetry(job, attempt, retry, now, queueTime, lastTransient, done, failures);
    }
    if (!failures.isEmpty() && !report(job, failures)) {
      failures.forEach(f -> done.remove(f.recipient()));
    }
    outstanding.finish(job.message().id(), done);
  }

  private void scheduleRetry(
      DeliveryJob job,
      Attempt attempt,
      List<String> failed,
      Instant now,
      Duration queueTime,
      String reply,
      List<String> done,
      List<NonDeliveryReports.Failure> failures) {
    DeliveryJob retry = job.retry(failed);
    var next =
        schedule.nextAttempt(
            retry.failures(),
            job.message().envelope().receivedAt(),
            now,
            ThreadLocalRandom.current());
    if (next.isEmpty()) {
      for (String recipient : failed) {
        listener.expired(job, attempt, recipient, queueTime, reply);
        failures.add(new NonDeliveryReports.Failure(recipient, reply, true));
        done.add(recipient);
      }
      return;
    }
    Duration wait = Duration.between(now, next.get());
    failed.forEach(r -> listener.deferred(job, attempt, r, queueTime, reply, wait));
    later.accept(retry, wait);
  }

  /**
   * Writes the bounce; the original message may be completed only once it is durable. When it
   * cannot be written, the message stays in the spool and bounces again after a restart.
   */
  private boolean report(DeliveryJob job, List<NonDeliveryReports.Failure> failures) {
    try {
      reports.write(job, failures).ifPresent(enqueue);
      return true;
    } catch (RuntimeException e) {
      LOG.error("message {}: cannot write its bounce; it stays spooled", job.message().id(), e);
      return false;
    }
  }
}
