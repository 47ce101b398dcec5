package io.mailfleet.mta.spool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The commits and completions written since the last sync request, with the futures they answer:
 * the group that one fsync makes durable together (ADR 0003). Touched by the writer thread only;
 * futures are answered on the ack executor.
 */
final class CommitGroup {

  private final SpoolIndex index;
  private final Executor acks;
  private final Consumer<Set<Long>> release;
  private final List<StoredMessage> committed = new ArrayList<>();
  private final List<Completion> completed = new ArrayList<>();
  private final List<PendingAck> pendingAcks = new ArrayList<>();
  private int commitsSinceRequest;
  private long lastRequestNanos = System.nanoTime();

  /** {@code release} gives back the segments a failed commit held. */
  CommitGroup(SpoolIndex index, Executor acks, Consumer<Set<Long>> release) {
    this.index = index;
    this.acks = acks;
    this.release = release;
  }

  /** A commit record was written; {@code ack} answers its caller once durable. */
  void committed(StoredMessage m, PendingAck ack) {
    committed.add(m);
    commitsSinceRequest++;
    pendingAcks.add(ack);
  }

  /** A completion record was written; its future completes once durable. */
  void completionWritten(Completion c) {
    completed.add(c);
    pendingAcks.add(PendingAck.ofCompletion(c.future()));
  }

  boolean awaitsAcks() {
    return !pendingAcks.isEmpty();
  }

  /** The last sync request is at least {@code interval} old. */
  boolean requestedBefore(Duration interval) {
    return System.nanoTime() - lastRequestNanos >= interval.toNanos();
  }

  /** BATCHED mode: commits count once written; the fsync follows within the batch interval. */
  void acknowledgeWritten() {
    committed.forEach(index::add);
    committed.clear();
    List<PendingAck> ready = List.copyOf(pendingAcks);
    pendingAcks.clear();
    if (!ready.isEmpty()) {
      acks.execute(() -> ready.forEach(PendingAck::succeed));
    }
  }

  /** The sync request for the group and the segments and journals given; a new group begins. */
  SyncRequest toRequest(List<Segment> segments, List<Segment> journals) {
    SyncRequest request =
        new SyncRequest(segments, journals, committed, completed, pendingAcks, commitsSinceRequest);
    committed.clear();
    completed.clear();
    pendingAcks.clear();
    commitsSinceRequest = 0;
    lastRequestNanos = System.nanoTime();
    return request;
  }

  /** Commits written since the last sync request will not be made durable: fail them. */
  void failCommits(SpoolException cause) {
    committed.forEach(m -> release.accept(m.segments()));
    committed.clear();
    commitsSinceRequest = 0;
    List<PendingAck> failed = new ArrayList<>();
    pendingAcks.removeIf(
        a -> {
          if (a.isCommit()) {
            failed.add(a);
            return true;
          }
          return false;
        });
    if (!failed.isEmpty()) {
      acks.execute(() -> failed.forEach(a -> a.fail(cause)));
    }
  }

  /**
   * The completions written since the last request, which a failed write may have lost; they leave
   * the group unanswered, to be kept and written again.
   */
  List<Completion> takeCompletions() {
    pendingAcks.clear();
    List<Completion> taken = List.copyOf(completed);
    completed.clear();
    return taken;
  }
}
