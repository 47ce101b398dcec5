package io.mailfleet.mta.queue;

import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolStats;
import io.mailfleet.mta.spool.SpoolWriter;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A spool that only records which messages the queue completed. */
final class CompletionRecordingSpool implements Spool {

  final Set<MessageId> completed = ConcurrentHashMap.newKeySet();

  @Override
  public SpoolWriter begin(Envelope envelope) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<SpooledMessage> recover() {
    return List.of();
  }

  @Override
  public InputStream open(MessageId id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> complete(MessageId id) {
    completed.add(id);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public SpoolStats stats() {
    return new SpoolStats(0, 0);
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public void close() {}
}
