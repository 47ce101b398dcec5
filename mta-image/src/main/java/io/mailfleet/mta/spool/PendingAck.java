package io.mailfleet.mta.spool;

import java.util.concurrent.CompletableFuture;

/**
 * A caller's future and what completes it once its batch is durable: a commit (with the id) or a
 * completion.
 */
record PendingAck(CompletableFuture<MessageId> commit, MessageId id, CompletableFuture<Void> done) {

  static PendingAck ofCommit(CompletableFuture<MessageId> future, MessageId id) {
    return new PendingAck(future, id, null);
  }

  static PendingAck ofCompletion(CompletableFuture<Void> future) {
    return new PendingAck(null, null, future);
  }

  void succeed() {
    if (commit != null) {
      commit.complete(id);
    } else {
      done.complete(null);
    }
  }

  boolean isCommit() {
    return commit != null;
  }

  void fail(Throwable cause) {
    if (commit != null) {
      commit.completeExceptionally(cause);
    } else {
      done.completeExceptionally(cause);
    }
  }
}
