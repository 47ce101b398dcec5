package io.mailfleet.mta.spool;

import java.nio.ByteBuffer;
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
   * Seals the message. The future completes with its id once the message is durable as the spool's
   * {@link Durability} promises, or exceptionally when it could not be stored.
   */
  CompletableFuture<MessageId> commit();

  /** Drops the message (client aborted, limit exceeded); nothing of it is ever recovered. */
  void abort();
}
