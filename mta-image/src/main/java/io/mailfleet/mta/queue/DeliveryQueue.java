package io.mailfleet.mta.queue;

import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.PermanentFailure;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpooledMessage;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules and runs deliveries: retries wait on a timer wheel, ready jobs wait in a {@link
 * SiteQueue} per destination site, and a bounded pool of workers drains sites through a {@link
 * SiteTransport}. A message is completed in the spool once every recipient is delivered, bounced or
 * expired. Progress is in memory only (see docs/adr/0007-delivery-progress-in-memory.md).
 */
public final class DeliveryQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);

  private final Spool spool;
  private final SiteTransport transport;
  private final RetrySchedule schedule;
  private final DeliveryListener listener;
  private final NonDeliveryReports reports;
  private final int maxPerConnection;
  private final Clock clock;
  private final Timer timer;
  private final ExecutorService workers;

  /** Sites with ready jobs or a worker on them; guarded by itself. */
  private final Map<String, SiteQueue> sites = new HashMap<>();

  /** Sites whose worker stopped because delivery is held; guarded by {@link #sites}. */
  private final List<SiteQueue> parked = new ArrayList<>();

  /** Batches being delivered now; guarded by {@link #sites}. */
  private int inFlight;

  /** Whether workers stop taking batches (a transfer to a peer is under way). */
  private boolean held;

  private final Map<MessageId, Outstanding> outstanding = new ConcurrentHashMap<>();

  /** A message and its recipients not yet delivered, bounced or expired. */
  private record Outstanding(SpooledMessage message, Set<String> pending) {}

  /**
   * A queue with {@code concurrency} workers, each carrying up to {@code maxPerConnection} jobs per
   * batch.
   */
  public DeliveryQueue(
      Spool spool,
      SiteTransport transport,
      RetrySchedule schedule,
      DeliveryListener listener,
      NonDeliveryReports reports,
      int concurrency,
      int maxPerConnection,
      Clock clock) {
    this.spool = spool;
    this.transport = transport;
    this.schedule = schedule;
    this.listener = listener;
    this.reports = reports;
    this.maxPerConnection = maxPerConnection;
    this.clock = clock;
    this.timer = new HashedWheelTimer(daemon("delivery-timer"), 100, TimeUnit.MILLISECONDS);
    this.workers = Executors.newFixedThreadPool(concurrency, daemon("delivery-worker"));
  }

  /** Queues a committed message for immediate delivery, one job per recipient domain. */
  public void enqueue(SpooledMessage message) {
    Map<String, List<String>> byDomain = new LinkedHashMap<>();
    for (String recipient : message.envelope().recipients()) {
      byDomain
          .computeIfAbsent(DeliveryJob.domainOf(recipient), d -> new ArrayList<>())
          .add(recipient);
    }
    Set<String> pending = ConcurrentHashMap.newKeySet();
    pending.addAll(message.envelope().recipients());
    outstanding.put(message.id(), new Outstanding(message, pending));
    byDomain.forEach(
        (domain, recipients) -> ready(new DeliveryJob(message, domain, recipients, 0)));
  }

  /** Messages with at least one recipient not yet delivered, bounced or expired. */
  public int messages() {
    return outstanding.size();
  }

  private void ready(DeliveryJob job) {
    SiteQueue start;
    synchronized (sites) {
      SiteQueue site = sites.computeIfAbsent(job.domain(), SiteQueue::new);
      start = site.offer(job) ? site : null;
    }
    if (start != null) {
      submit(start);
    }
  }

  private void submit(SiteQueue site) {
    try {
      workers.execute(() -> drain(site));
    } catch (RejectedExecutionException stopped) {
      LOG.debug("queue closed; site {} stays queued until restart", site.site());
    }
  }

  private void drain(SiteQueue site) {
    synchronized (sites) {
      if (held) {
        parked.add(site);
        return;
      }
      inFlight++;
    }
    try {
      deliverBatch(site);
    } finally {
      synchronized (sites) {
        inFlight--;
        sites.notifyAll();
      }
    }
    boolean more;
    synchronized (sites) {
      more = site.finishBatch();
      if (!more) {
        // An idle site is forgotten, so the map holds only sites with work.
        sites.remove(site.site());
      }
    }
    if (more) {
      submit(site);
    }
  }

  private void deliverBatch(SiteQueue site) {
    List<DeliveryJob> batch = stillPending(site.take(maxPerConnection));
    List<Map<String, DeliveryResult>> results;
    try {
      results = batch.isEmpty() ? List.of() : transport.deliver(site.site(), batch);
    } catch (RuntimeException e) {
      LOG.error("delivery to site {} failed unexpectedly; retrying its jobs", site.site(), e);
      results = batch.stream().map(job -> failedAll(job, "451 4.3.0 " + e)).toList();
    }
    for (int i = 0; i < batch.size(); i++) {
      settle(batch.get(i), results.get(i));
    }
  }

  /** The jobs narrowed to recipients still pending: a transfer may have taken some meanwhile. */
  private List<DeliveryJob> stillPending(List<DeliveryJob> jobs) {
    List<DeliveryJob> pending = new ArrayList<>(jobs.size());
    for (DeliveryJob job : jobs) {
      Outstanding message = outstanding.get(job.message().id());
      List<String> left =
          message == null
              ? List.of()
              : job.recipients().stream().filter(message.pending()::contains).toList();
      if (left.size() == job.recipients().size()) {
        pending.add(job);
      } else if (!left.isEmpty()) {
        pending.add(new DeliveryJob(job.message(), job.domain(), left, job.failures()));
      }
    }
    return pending;
  }

  /**
   * Stops starting deliveries and waits up to {@code timeout} for those under way to settle;
   * returns whether they did. Jobs stay queued until {@link #release}.
   */
  public boolean hold(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (sites) {
      held = true;
      while (inFlight > 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        sites.wait(left);
      }
      return true;
    }
  }

  /** Starts deliveries again after {@link #hold}. */
  public void release() {
    List<SiteQueue> resume;
    synchronized (sites) {
      held = false;
      resume = List.copyOf(parked);
      parked.clear();
    }
    resume.forEach(this::submit);
  }

  /** Every message with recipients still to deliver, with those recipients; a snapshot. */
  public List<QueuedMessage> queued() {
    return outstanding.values().stream()
        .map(o -> new QueuedMessage(o.message(), List.copyOf(o.pending())))
        .filter(q -> !q.recipients().isEmpty())
        .toList();
  }

  /**
   * A peer took responsibility for the message (its 250 after the final dot): nothing more is
   * delivered from here, and the message leaves the spool.
   */
  public void handedOver(MessageId id) {
    Outstanding message = outstanding.get(id);
    if (message != null) {
      finish(id, List.copyOf(message.pending()));
    }
  }

  /**
   * A peer took responsibility for some of the message's recipients (its 250 after the final dot)
   * and refused the others: only those others are still delivered from here.
   */
  public void handedOver(MessageId id, Collection<String> recipients) {
    finish(id, List.copyOf(recipients));
  }

  private static Map<String, DeliveryResult> failedAll(DeliveryJob job, String reply) {
    Map<String, DeliveryResult> failed = new LinkedHashMap<>();
    job.recipients().forEach(r -> failed.put(r, new TransientFailure(reply)));
    return failed;
  }

  private void settle(DeliveryJob job, Map<String, DeliveryResult> results) {
    Instant now = clock.instant();
    Duration queueTime = Duration.between(job.message().envelope().receivedAt(), now);
    List<String> retry = new ArrayList<>();
    List<String> done = new ArrayList<>();
    List<NonDeliveryReports.Failure> failures = new ArrayList<>();
    String lastTransient = "";
    for (String recipient : job.recipients()) {
      DeliveryResult result =
          results.getOrDefault(recipient, new TransientFailure("451 4.3.0 no outcome reported"));
      if (result instanceof Delivered d) {
        listener.delivered(job, recipient, queueTime, d.reply());
        done.add(recipient);
      } else if (result instanceof PermanentFailure p) {
        listener.bounced(job, recipient, queueTime, p.reply());
        failures.add(new NonDeliveryReports.Failure(recipient, p.reply(), false));
        done.add(recipient);
      } else {
        retry.add(recipient);
        lastTransient = result.reply();
      }
    }
    if (!retry.isEmpty()) {
      scheduleRetry(job, retry, now, queueTime, lastTransient, done, failures);
    }
    if (!failures.isEmpty() && !report(job, failures)) {
      failures.forEach(f -> done.remove(f.recipient()));
    }
    finish(job.message().id(), done);
  }

  private void scheduleRetry(
      DeliveryJob job,
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
        listener.expired(job, recipient, queueTime, reply);
        failures.add(new NonDeliveryReports.Failure(recipient, reply, true));
        done.add(recipient);
      }
      return;
    }
    Duration wait = Duration.between(now, next.get());
    failed.forEach(r -> listener.deferred(job, r, queueTime, reply, wait));
    try {
      timer.newTimeout(t -> ready(retry), Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (IllegalStateException stopped) {
      LOG.debug("queue closed; message {} is retried after restart", job.message().id());
    }
  }

  /**
   * Writes the bounce; the original message may be completed only once it is durable. When it
   * cannot be written, the message stays in the spool and bounces again after a restart.
   */
  private boolean report(DeliveryJob job, List<NonDeliveryReports.Failure> failures) {
    try {
      reports.write(job, failures).ifPresent(this::enqueue);
      return true;
    } catch (RuntimeException e) {
      LOG.error("message {}: cannot write its bounce; it stays spooled", job.message().id(), e);
      return false;
    }
  }

  private void finish(MessageId id, List<String> done) {
    Outstanding message = outstanding.get(id);
    if (message == null) {
      return;
    }
    Set<String> left = message.pending();
    left.removeAll(done);
    if (left.isEmpty() && outstanding.remove(id, message)) {
      spool
          .complete(id)
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  LOG.error("message {} done but not completed in the spool", id, failure);
                }
              });
    }
  }

  /**
   * Stops the workers and the timer; what is still queued stays in the spool for the next start.
   */
  @Override
  public void close() {
    timer.stop();
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("delivery workers still busy after 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
