package io.mailfleet.mta.queue;

import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.PermanentFailure;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.SpooledMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one attempt's outcomes to a job: tells the listener, decides the retry of temporary
 * failures (or expires them at the max age) and writes the bounce. What is left to do (queue the
 * retry and the bounce, mark recipients done) it returns, and the {@link Switchboard} does it.
 */
final class Settlement {

  /**
   * What a settlement leaves to do, in this order: queue the retry, queue the bounce, then mark the
   * done recipients finished (so the bounce is queued before the original may leave the spool).
   *
   * @param retry the job for the recipients that failed temporarily, to place again after {@code
   *     retryAfter}
   * @param retryAfter how long the retry waits; zero without a retry
   * @param bounce the bounce just written (durable), to deliver
   * @param message the message whose recipients are {@code done}; null when nothing is
   * @param done the recipients delivered, bounced or expired for good
   */
  record Settled(
      Optional<DeliveryJob> retry,
      Duration retryAfter,
      Optional<SpooledMessage> bounce,
      MessageId message,
      List<String> done) {
    static final Settled NOTHING =
        new Settled(Optional.empty(), Duration.ZERO, Optional.empty(), null, List.of());
  }

  private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

  private final RetrySchedule schedule;
  private final DeliveryListener listener;
  private final NonDeliveryReports reports;
  private final Outstanding outstanding;
  private final Clock clock;

  Settlement(
      RetrySchedule schedule,
      DeliveryListener listener,
      NonDeliveryReports reports,
      Outstanding outstanding,
      Clock clock) {
    this.schedule = schedule;
    this.listener = listener;
    this.reports = reports;
    this.outstanding = outstanding;
    this.clock = clock;
  }

  /** The job never reached a site (routing said no service, or failed): one outcome for all. */
  Settled unplaced(DeliveryJob job, String pool, DeliveryResult outcome) {
    return settle(job, new Attempt(pool, null, null, null), job.outcomeForAll(outcome));
  }

  /**
   * Applies {@code results} (recipient to outcome) of one attempt of {@code job}, to the recipients
   * still pending: those a transfer handed to a peer meanwhile are no longer ours to retry or
   * bounce.
   */
  Settled settle(DeliveryJob attempted, Attempt attempt, Map<String, DeliveryResult> results) {
    List<DeliveryJob> pending = outstanding.stillPending(List.of(attempted));
    if (pending.isEmpty()) {
      return Settled.NOTHING;
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
    Settled retried =
        retry.isEmpty()
            ? Settled.NOTHING
            : retry(job, attempt, retry, now, queueTime, lastTransient, done, failures);
    Optional<SpooledMessage> bounce = Optional.empty();
    if (!failures.isEmpty()) {
      try {
        bounce = reports.write(job, failures);
      } catch (RuntimeException e) {
        List<String> again = failures.stream().map(NonDeliveryReports.Failure::recipient).toList();
        done.removeAll(again);
        Duration wait = schedule.backoff(1);
        LOG.error(
            "message {}: cannot write its bounce (spool full?); its failed recipients are tried"
                + " again in {}",
            job.message().id(),
            wait,
            e);
        return new Settled(
            Optional.of(withRecipients(retried.retry(), job, again)),
            retried.retry().isEmpty() ? wait : min(wait, retried.retryAfter()),
            Optional.empty(),
            job.message().id(),
            done);
      }
    }
    return new Settled(retried.retry(), retried.retryAfter(), bounce, job.message().id(), done);
  }

  /**
   * The retry job with {@code again} added: recipients whose bounce could not be written go round
   * once more (so they bounce or expire again and their bounce is written then) instead of staying
   * pending, unscheduled, until a restart.
   */
  private static DeliveryJob withRecipients(
      Optional<DeliveryJob> retry, DeliveryJob job, List<String> again) {
    if (retry.isEmpty()) {
      return new DeliveryJob(job.message(), job.domain(), again, job.failures());
    }
    List<String> all = new ArrayList<>(retry.get().recipients());
    all.addAll(again);
    return new DeliveryJob(job.message(), job.domain(), all, retry.get().failures());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Decides the retry of {@code failed}, or expires them (adding them to the bounce) at max age.
   */
  private Settled retry(
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
      return Settled.NOTHING;
    }
    Duration wait = Duration.between(now, next.get());
    failed.forEach(r -> listener.deferred(job, attempt, r, queueTime, reply, wait));
    return new Settled(Optional.of(retry), wait, Optional.empty(), null, List.of());
  }
}
