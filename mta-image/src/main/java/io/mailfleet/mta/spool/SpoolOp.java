package io.mailfleet.mta.spool;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** Work handed from callers' threads to the spool's I/O thread, which applies it in order. */
sealed interface SpoolOp {

  /** A piece of content; the I/O thread owns {@code data} from now on. */
  record Chunk(long key, ByteBuffer data) implements SpoolOp {}

  /** Seal a message; {@code future} completes once it is durable. */
  record Commit(long key, EnvelopeCodec.CommitInfo info, CompletableFuture<MessageId> future)
      implements SpoolOp {}

  /** Forget an uncommitted message. */
  record Abort(long key) implements SpoolOp {}

  /** Record that a message is done; {@code future} completes once that is durable. */
  record Complete(MessageId id, CompletableFuture<Void> future) implements SpoolOp {}

  /** Flush, sync and stop the I/O thread. */
  record Shutdown() implements SpoolOp {}

  /** From the fsync thread: these requests are durable; their segments may be released. */
  record Synced(java.util.List<SyncRequest> requests) implements SpoolOp {}

  /**
   * From the fsync thread: these requests are not durable; their commits were failed, their
   * completions must be written again. {@code forceFailed} when a force failed here, rather than
   * the requests being refused after an earlier failure.
   */
  record SyncFailed(java.util.List<SyncRequest> requests, boolean forceFailed) implements SpoolOp {}
}
