package io.mailfleet.mta.spool;

import java.util.concurrent.CompletableFuture;

/**
 * A message done with (delivered, bounced or expired) whose completion record is owed to its
 * journal; {@code future} completes once that record is durable. Kept until written: a completion
 * dropped on a write error would have the message delivered again after the next restart.
 */
record Completion(StoredMessage message, CompletableFuture<Void> future) {}
