package io.mailfleet.mta.inject;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An SQS queue in memory, as far as a source sees one: received messages are in flight until
 * deleted, or until {@link #expireVisibility()} (their visibility timeout) puts them back. Calls
 * can be made to fail.
 */
final class InMemorySqsQueue implements SqsQueue {

  private final Deque<String[]> visible = new ArrayDeque<>();
  private final Map<String, String[]> inFlight = new LinkedHashMap<>();
  private final List<String> deleted = new ArrayList<>();
  private final Map<String, Duration> deferred = new LinkedHashMap<>();
  private Consumer<List<SqsMessage>> beforeDelete = batch -> {};
  private boolean deleteFails;
  private RuntimeException receiveFailure;
  private RuntimeException nextReceiveFailure;
  private int receives;
  private boolean closed;

  /** Sends a message with {@code body}; returns its message id. */
  synchronized String send(String body) {
    String id = UUID.randomUUID().toString();
    visible.add(new String[] {id, body});
    return id;
  }

  @Override
  public synchronized List<SqsMessage> receive(int maxMessages, Duration waitTime) {
    receives++;
    if (receiveFailure != null) {
      throw receiveFailure;
    }
    if (nextReceiveFailure != null) {
      RuntimeException failure = nextReceiveFailure;
      nextReceiveFailure = null;
      throw failure;
    }
    List<SqsMessage> batch = new ArrayList<>();
    while (batch.size() < maxMessages && !visible.isEmpty()) {
      String[] m = visible.poll();
      String receipt = UUID.randomUUID().toString();
      inFlight.put(receipt, m);
      batch.add(new SqsMessage(m[0], receipt, m[1]));
    }
    return batch;
  }

  @Override
  public Set<String> delete(List<SqsMessage> messages) {
    beforeDelete.accept(messages);
    synchronized (this) {
      if (deleteFails) {
        throw new SqsCallException("DeleteMessageBatch: unreachable", true, null);
      }
      for (SqsMessage m : messages) {
        if (inFlight.remove(m.receiptHandle()) != null) {
          deleted.add(m.messageId());
        }
      }
      return Set.of();
    }
  }

  @Override
  public synchronized Set<String> defer(List<SqsMessage> messages, Duration invisibleFor) {
    messages.forEach(m -> deferred.put(m.messageId(), invisibleFor));
    return new HashSet<>();
  }

  /** Every message in flight becomes visible again, as when its visibility timeout ends. */
  synchronized void expireVisibility() {
    inFlight.values().forEach(visible::add);
    inFlight.clear();
  }

  /** Runs {@code check} with each batch just before it is deleted. */
  synchronized void beforeDelete(Consumer<List<SqsMessage>> check) {
    beforeDelete = check;
  }

  synchronized void failDeletes(boolean fail) {
    deleteFails = fail;
  }

  synchronized void failReceives(SqsCallException failure) {
    receiveFailure = failure;
  }

  /** The next receive, only that one, throws {@code failure}. */
  synchronized void failNextReceive(RuntimeException failure) {
    nextReceiveFailure = failure;
  }

  synchronized List<String> deleted() {
    return List.copyOf(deleted);
  }

  synchronized Map<String, Duration> deferred() {
    return Map.copyOf(deferred);
  }

  synchronized int visibleCount() {
    return visible.size();
  }

  synchronized int inFlightCount() {
    return inFlight.size();
  }

  synchronized int receives() {
    return receives;
  }

  synchronized boolean closed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
