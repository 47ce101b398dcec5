package io.mailfleet.mta.queue;

import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpooledMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages with recipients not yet delivered, bounced or expired, with their egress pool; a
 * message is completed in the spool when its last recipient is done. Thread-safe.
 */
final class Outstanding {

  private static final Logger LOG = LoggerFactory.getLogger(Outstanding.class);

  /** A message, its pool and its recipients not yet done. */
  private record Message(SpooledMessage message, String pool, Set<String> pending) {}

  private final Spool spool;
  private final Map<MessageId, Message> messages = new ConcurrentHashMap<>();
  private final Map<String, PoolBacklog> backlogs = new ConcurrentHashMap<>();

  Outstanding(Spool spool) {
    this.spool = spool;
  }

  void add(SpooledMessage message, String pool) {
    Set<String> pending = ConcurrentHashMap.newKeySet();
    pending.addAll(message.envelope().recipients());
    messages.put(message.id(), new Message(message, pool, pending));
    backlogs
        .computeIfAbsent(pool, p -> new PoolBacklog())
        .add(message.id(), message.envelope().receivedAt());
  }

  int count() {
    return messages.size();
  }

  /** The message's pool, or {@code null} when it is done. */
  String poolOf(MessageId id) {
    Message message = messages.get(id);
    return message == null ? null : message.pool();
  }

  /** The message with its recipients still pending, if it is not done. */
  Optional<QueuedMessage> queued(MessageId id) {
    Message message = messages.get(id);
    return message == null || message.pending().isEmpty()
        ? Optional.empty()
        : Optional.of(new QueuedMessage(message.message(), List.copyOf(message.pending())));
  }

  /** The message's recipients still pending (live view), or {@code null} when it is done. */
  Set<String> pending(MessageId id) {
    Message message = messages.get(id);
    return message == null ? null : message.pending();
  }

  /** The jobs narrowed to recipients still pending: a transfer may have taken some meanwhile. */
  List<DeliveryJob> stillPending(List<DeliveryJob> jobs) {
    List<DeliveryJob> narrowed = new ArrayList<>(jobs.size());
    for (DeliveryJob job : jobs) {
      Set<String> pending = pending(job.message().id());
      List<String> left =
          pending == null
              ? List.of()
              : job.recipients().stream().filter(pending::contains).toList();
      if (left.size() == job.recipients().size()) {
        narrowed.add(job);
      } else if (!left.isEmpty()) {
        narrowed.add(new DeliveryJob(job.message(), job.domain(), left, job.failures()));
      }
    }
    return narrowed;
  }

  /** Every message with recipients still to deliver, with those recipients; a snapshot. */
  List<QueuedMessage> queued() {
    return messages.values().stream()
        .map(m -> new QueuedMessage(m.message(), List.copyOf(m.pending())))
        .filter(q -> !q.recipients().isEmpty())
        .toList();
  }

  /** Marks {@code done} recipients finished; completes the message when none is left. */
  void finish(MessageId id, Collection<String> done) {
    Message message = messages.get(id);
    if (message == null) {
      return;
    }
    message.pending().removeAll(done);
    if (message.pending().isEmpty() && messages.remove(id, message)) {
      backlogs.get(message.pool()).remove(id, message.message().envelope().receivedAt());
      spool
          .complete(id)
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  // The spool keeps a completion it could not write and writes it again; this
                  // fails only when the spool closed first (the message is delivered again).
                  LOG.error("message {} done but not completed in the spool", id, failure);
                }
              });
    }
  }

  /** The backlog of each pool that has had messages. */
  Map<String, PoolBacklog> backlogs() {
    return Map.copyOf(backlogs);
  }
}
