package io.mailfleet.mta.inject;

import io.mailfleet.mta.config.SqsSourceConfig;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolCondition;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-polling consumer of an SQS source. Each batch goes: parse every body as an injection
 * request, commit the valid ones to the spool together (they share a group commit), wait until
 * every commit completed, and only then delete from the queue what is durable and what can never be
 * valid. What the spool refused stays in the queue, invisible for {@code deferFor}.
 */
final class SqsReceiveLoop implements Runnable {

  /** What the envelope names as the client: the source, not a host. */
  static final String CLIENT = "sqs";

  /** How often an idle loop (draining, spool refusing) looks again. */
  static final Duration IDLE_PAUSE = Duration.ofSeconds(1);

  /** The longest pause after failing SQS calls; the first is a second, doubling. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(SqsReceiveLoop.class);

  private final SqsSourceConfig config;
  private final SqsQueue queue;
  private final Spool spool;
  private final InjectionIntake intake;
  private final AcceptGate gate;
  private final SqsMetrics metrics;
  private final long maxMessageSize;
  private final CountDownLatch stopping;
  private Duration backoff = Duration.ZERO;

  SqsReceiveLoop(
      SqsSourceConfig config,
      SqsQueue queue,
      Spool spool,
      InjectionIntake intake,
      AcceptGate gate,
      SqsMetrics metrics,
      long maxMessageSize,
      CountDownLatch stopping) {
    this.config = config;
    this.queue = queue;
    this.spool = spool;
    this.intake = intake;
    this.gate = gate;
    this.metrics = metrics;
    this.maxMessageSize = maxMessageSize;
    this.stopping = stopping;
  }

  @Override
  public void run() {
    while (!stopped()) {
      if (!gate.isOpen() || spool.condition() != SpoolCondition.WRITABLE) {
        // Draining or a spool that refuses mail: leave the messages to the queue and the other
        // pods.
        pause(IDLE_PAUSE);
        continue;
      }
      try {
        pollOnce();
      } catch (RuntimeException e) {
        // A consumer never dies: what it held comes back when its visibility ends.
        LOG.error("SQS consumer of {} failed; going on", config.queueUrl(), e);
        pause(IDLE_PAUSE);
      }
    }
  }

  /** One receive and what follows it; a failed receive pauses this loop (doubling, bounded). */
  void pollOnce() {
    List<SqsMessage> batch;
    try {
      batch = queue.receive(config.maxMessages(), config.waitTime());
    } catch (SqsCallException e) {
      metrics.callFailed(SqsMetrics.Call.RECEIVE);
      backoff = nextBackoff(backoff);
      if (e.retryable()) {
        LOG.warn(
            "receiving from {} failed, again in {}: {}",
            config.queueUrl(),
            backoff,
            e.getMessage());
      } else {
        LOG.error(
            "receiving from {} refused, again in {}: {} (check the queue URL, region and the pod's"
                + " AWS credentials)",
            config.queueUrl(),
            backoff,
            e.getMessage());
      }
      pause(backoff);
      return;
    }
    backoff = Duration.ZERO;
    if (!batch.isEmpty()) {
      take(batch);
    }
  }

  /** Commits, then deletes; defers what the spool refused. */
  void take(List<SqsMessage> batch) {
    List<SqsMessage> deadLetters = new ArrayList<>();
    Map<SqsMessage, CompletableFuture<MessageId>> commits = new LinkedHashMap<>();
    for (SqsMessage message : batch) {
      try {
        InjectionRequest request = parse(message);
        commits.put(message, intake.commit(request, content(request), CLIENT));
      } catch (InvalidInjectionException e) {
        LOG.warn(
            "SQS message {} is not a valid injection request, deleted without retry: {}",
            message.messageId(),
            e.getMessage());
        LOG.debug("SQS message {} body: {}", message.messageId(), message.body());
        deadLetters.add(message);
      }
    }
    List<SqsMessage> durable = new ArrayList<>();
    List<SqsMessage> refused = new ArrayList<>();
    commits.forEach(
        (message, commit) -> {
          if (committed(message, commit)) {
            durable.add(message);
          } else {
            refused.add(message);
          }
        });
    metrics.count(SqsOutcome.MALFORMED, deadLetters.size());
    List<SqsMessage> deletable = new ArrayList<>(durable);
    deletable.addAll(deadLetters);
    Set<String> undeleted = delete(deletable);
    long spooled = durable.stream().filter(m -> !undeleted.contains(m.messageId())).count();
    metrics.count(SqsOutcome.SPOOLED, (int) spooled);
    metrics.count(SqsOutcome.DELETE_FAILED, durable.size() - (int) spooled);
    defer(refused);
  }

  /** The body as a request, refused as the HTTP API refuses it. */
  private static InjectionRequest parse(SqsMessage message) {
    return InjectionRequest.read(
        new ByteArrayInputStream(message.body().getBytes(StandardCharsets.UTF_8)));
  }

  /** The request's message as the spool stores it, refused when larger than SMTP allows. */
  private byte[] content(InjectionRequest request) {
    byte[] content = request.canonicalMessage().getBytes(StandardCharsets.UTF_8);
    long size = content.length;
    if (size > maxMessageSize) {
      throw new InvalidInjectionException(
          "message", size + " bytes, more than the maximum message size " + maxMessageSize);
    }
    return content;
  }

  private static boolean committed(SqsMessage message, CompletableFuture<MessageId> commit) {
    try {
      MessageId id = commit.join();
      LOG.debug("SQS message {} spooled as {}", message.messageId(), id);
      return true;
    } catch (CompletionException e) {
      return false;
    }
  }

  private Set<String> delete(List<SqsMessage> messages) {
    if (messages.isEmpty()) {
      return Set.of();
    }
    Set<String> undeleted;
    try {
      undeleted = queue.delete(messages);
    } catch (SqsCallException e) {
      metrics.callFailed(SqsMetrics.Call.DELETE);
      undeleted = messages.stream().map(SqsMessage::messageId).collect(Collectors.toSet());
    }
    if (!undeleted.isEmpty()) {
      // Still in the queue: each comes back once its visibility ends, and one that was spooled is
      // spooled again. A duplicate, never a loss.
      LOG.warn(
          "{} SQS messages not deleted from {}; they come back, and spooled ones are delivered"
              + " again: {}",
          undeleted.size(),
          config.queueUrl(),
          undeleted);
    }
    return undeleted;
  }

  private void defer(List<SqsMessage> refused) {
    if (refused.isEmpty()) {
      return;
    }
    metrics.count(SqsOutcome.DEFERRED, refused.size());
    LOG.warn(
        "the spool refused {} SQS messages; left in {} for {}",
        refused.size(),
        config.queueUrl(),
        config.deferFor());
    try {
      Set<String> unchanged = queue.defer(refused, config.deferFor());
      if (!unchanged.isEmpty()) {
        metrics.callFailed(SqsMetrics.Call.CHANGE_VISIBILITY);
      }
    } catch (SqsCallException e) {
      // The queue's own visibility timeout ends instead; the messages come back all the same.
      metrics.callFailed(SqsMetrics.Call.CHANGE_VISIBILITY);
      LOG.warn("deferring SQS messages failed: {}", e.getMessage());
    }
    pause(IDLE_PAUSE);
  }

  static Duration nextBackoff(Duration previous) {
    Duration next = previous.isZero() ? Duration.ofSeconds(1) : previous.multipliedBy(2);
    return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
  }

  private boolean stopped() {
    return stopping.getCount() == 0;
  }

  private void pause(Duration pause) {
    try {
      stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping.countDown();
    }
  }
}
