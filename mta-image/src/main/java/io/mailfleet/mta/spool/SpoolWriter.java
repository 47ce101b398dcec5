package io.mailfleet.mta.spool;

import io.mailfleet.mta.config.Durability;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The content of one message on its way into the spool. Not thread-safe: one SMTP session or
 * injection request writes it. Calls never block on disk I/O, so they are safe on an event loop.
 */
public interface SpoolWriter {

  /**
   * Appends content bytes (already dot-unstuffed, CRLF line endings). The writer copies what it
   * needs before returning; the caller keeps ownership of {@code content}.
   */
  void write(ByteBuffer content);

  /** Bytes written so far. */
  long size();

  /**
   * Backpressure: completed while the spool can take more content at once; otherwise completes when
   * it can again. {@link #write} never blocks and never refuses, so a caller that ignores this only
   * costs heap; an SMTP session stops reading its socket until the future completes ({@code
   * setAutoRead(false)}), which bounds memory however many sessions send at once. The future may
   * complete on a spool thread: only hand work off from it. A spool without a bound is always
   * writable.
   */
  default CompletableFuture<Void> writable() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Seals the message. The future completes with its id once the message is durable as the spool's
   * {@link Durability} promises, or exceptionally when it could not be stored.
   */
  CompletableFuture<MessageId> commit();

  /**
   * What the content was found to hold, known once {@link #commit()} was called; empty from a
   * writer that does not look.
   */
  default Optional<ContentFacts> facts() {
    return Optional.empty();
  }

  /** Drops the message (client aborted, limit exceeded); nothing of it is ever recovered. */
  void abort();
}
