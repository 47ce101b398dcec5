package io.mailfleet.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator: clients that send one message after another through an SMTP endpoint, each with
 * a unique Message-ID, and remember every Message-ID that got 250 after its final dot. A client
 * whose connection fails or is refused connects again after a short pause, so the load goes on
 * across a pod's crash and restart.
 */
final class SmtpLoad implements AutoCloseable {

  /** The part after {@code @} of every Message-ID this generator makes. */
  static final String MESSAGE_ID_DOMAIN = "load.faults.e2e";

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration RECONNECT_PAUSE = Duration.ofMillis(250);

  private final String host;
  private final int port;
  private final String recipient;
  private final ScheduledThreadPoolExecutor clients;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

  private SmtpLoad(String host, int port, int connections, String recipient) {
    this.host = host;
    this.port = port;
    this.recipient = recipient;
    this.clients = new ScheduledThreadPoolExecutor(connections);
    // A stopped generator does not reconnect: pending reconnections are dropped on close.
    clients.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    for (int i = 0; i < connections; i++) {
      clients.execute(this::sendUntilStoppedOrFailed);
    }
  }

  /** Starts {@code connections} clients sending to {@code recipient} through host:port. */
  static SmtpLoad start(String host, int port, int connections, String recipient) {
    return new SmtpLoad(host, port, connections, recipient);
  }

  /** One connection's life: send until stopped; on a failure, come back after a pause. */
  private void sendUntilStoppedOrFailed() {
    try (SmtpConnection connection = SmtpConnection.open(host, port, READ_TIMEOUT)) {
      while (!stopped.get()) {
        String messageId = UUID.randomUUID() + "@" + MESSAGE_ID_DOMAIN;
        SmtpConnection.Reply reply =
            connection.send("load@faults.e2e.example.com", recipient, messageId);
        if (reply.code() != 250) {
          count("reply " + reply.code());
          break;
        }
        acknowledged.add(messageId);
      }
    } catch (IOException e) {
      count(e.getClass().getSimpleName());
    }
    if (!stopped.get() && !clients.isShutdown()) {
      clients.schedule(
          this::sendUntilStoppedOrFailed, RECONNECT_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void count(String failure) {
    failures.computeIfAbsent(failure, f -> new AtomicLong()).incrementAndGet();
  }

  /** How many messages got 250 so far. */
  int acknowledgedCount() {
    return acknowledged.size();
  }

  /** The Message-IDs that got 250 so far. */
  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  /** How the clients' connections and transactions failed, by kind, with counts. */
  String failures() {
    return failures.toString();
  }

  /** Stops the clients and waits until each has finished its transaction. */
  @Override
  public void close() {
    stopped.set(true);
    clients.shutdown();
    try {
      if (!clients.awaitTermination(READ_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
        throw new IllegalStateException("SMTP load clients did not stop within a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the SMTP load", e);
    }
  }
}
