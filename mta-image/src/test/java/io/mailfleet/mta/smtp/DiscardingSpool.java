package io.mailfleet.mta.smtp;

import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolStats;
import io.mailfleet.mta.spool.SpoolWriter;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A spool that only counts: what a memory test needs so that the heap it measures is the SMTP
 * server's own. Commits complete on another thread, as a real spool's do.
 */
final class DiscardingSpool implements Spool {

  private final AtomicLong ids = new AtomicLong();
  private final Executor commitThread;
  private final LongConsumer committedSize;

  /**
   * @param commitThread where commits complete
   * @param committedSize told the size of each committed message
   */
  DiscardingSpool(Executor commitThread, LongConsumer committedSize) {
    this.commitThread = commitThread;
    this.committedSize = committedSize;
  }

  @Override
  public SpoolWriter begin(Envelope envelope) {
    return new SpoolWriter() {
      private long size;

      @Override
      public void write(ByteBuffer content) {
        size += content.remaining();
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public CompletableFuture<MessageId> commit() {
        return CompletableFuture.supplyAsync(
            () -> {
              committedSize.accept(size);
              return new MessageId("d" + ids.incrementAndGet());
            },
            commitThread);
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public List<SpooledMessage> recover() {
    return List.of();
  }

  @Override
  public InputStream open(MessageId id) {
    throw new UnsupportedOperationException("a discarding spool keeps no content");
  }

  @Override
  public CompletableFuture<Void> complete(MessageId id) {
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
