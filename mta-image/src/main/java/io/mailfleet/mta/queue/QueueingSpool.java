package io.mailfleet.mta.queue;

import io.mailfleet.mta.spool.ContentFacts;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolCondition;
import io.mailfleet.mta.spool.SpoolStats;
import io.mailfleet.mta.spool.SpoolWriter;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The spool as the receiving side sees it: each message it commits is also handed to the delivery
 * queue, once durable. Everything else goes straight to the real spool.
 */
public final class QueueingSpool implements Spool {

  private final Spool spool;
  private final DeliveryQueue queue;

  public QueueingSpool(Spool spool, DeliveryQueue queue) {
    this.spool = spool;
    this.queue = queue;
  }

  @Override
  public SpoolWriter begin(Envelope envelope) {
    SpoolWriter writer = spool.begin(envelope);
    return new SpoolWriter() {
      @Override
      public void write(ByteBuffer content) {
        writer.write(content);
      }

      @Override
      public long size() {
        return writer.size();
      }

      @Override
      public CompletableFuture<Void> writable() {
        return writer.writable();
      }

      @Override
      public CompletableFuture<MessageId> commit() {
        long size = writer.size();
        CompletableFuture<MessageId> committed = writer.commit();
        committed.thenAccept(
            id -> queue.accept(new SpooledMessage(id, envelope, size, writer.facts())));
        return committed;
      }

      @Override
      public Optional<ContentFacts> facts() {
        return writer.facts();
      }

      @Override
      public void abort() {
        writer.abort();
      }
    };
  }

  @Override
  public List<SpooledMessage> recover() {
    return spool.recover();
  }

  @Override
  public Optional<Instant> oldestReceivedAt() {
    return spool.oldestReceivedAt();
  }

  @Override
  public InputStream open(MessageId id) {
    return spool.open(id);
  }

  @Override
  public CompletableFuture<Void> complete(MessageId id) {
    return spool.complete(id);
  }

  @Override
  public SpoolStats stats() {
    return spool.stats();
  }

  @Override
  public boolean isAvailable() {
    return spool.isAvailable();
  }

  @Override
  public SpoolCondition condition() {
    return spool.condition();
  }

  @Override
  public boolean makesProgress() {
    return spool.makesProgress();
  }

  @Override
  public void close() {
    spool.close();
  }
}
