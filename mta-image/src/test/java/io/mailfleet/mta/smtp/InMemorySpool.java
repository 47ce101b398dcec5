package io.mailfleet.mta.smtp;

import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolCondition;
import io.mailfleet.mta.spool.SpoolStats;
import io.mailfleet.mta.spool.SpoolWriter;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A spool in memory for session tests. Commits complete at once, or, with {@link #holdCommits},
 * only when the test calls {@link #releaseCommits}, or fail with {@link #failCommits}.
 */
final class InMemorySpool implements Spool {

  private volatile SpoolCondition condition = SpoolCondition.WRITABLE;
  private final Map<MessageId, SpooledMessage> messages = new LinkedHashMap<>();
  private final Map<MessageId, byte[]> contents = new LinkedHashMap<>();
  private final List<Runnable> heldCommits = new ArrayList<>();
  private final AtomicInteger nextId = new AtomicInteger(1);
  private final AtomicInteger aborted = new AtomicInteger();
  private boolean holdCommits;
  private CompletableFuture<Void> writable = CompletableFuture.completedFuture(null);
  private boolean failCommits;

  void holdCommits() {
    holdCommits = true;
  }

  /** Makes writers report the spool as full until the returned future is completed. */
  CompletableFuture<Void> fill() {
    writable = new CompletableFuture<>();
    return writable;
  }

  void failCommits() {
    failCommits = true;
  }

  /** Completes every held commit, in order. */
  void releaseCommits() {
    List<Runnable> held = List.copyOf(heldCommits);
    heldCommits.clear();
    held.forEach(Runnable::run);
  }

  synchronized List<SpooledMessage> messages() {
    return List.copyOf(messages.values());
  }

  synchronized String content(MessageId id) {
    return new String(contents.get(id), StandardCharsets.UTF_8);
  }

  synchronized String onlyContent() {
    if (contents.size() != 1) {
      throw new AssertionError("expected one message, spool holds " + contents.size());
    }
    return new String(contents.values().iterator().next(), StandardCharsets.UTF_8);
  }

  int abortedCount() {
    return aborted.get();
  }

  @Override
  public SpoolWriter begin(Envelope envelope) {
    return new Writer(envelope);
  }

  @Override
  public synchronized List<SpooledMessage> recover() {
    return messages();
  }

  @Override
  public synchronized InputStream open(MessageId id) {
    return new ByteArrayInputStream(contents.get(id));
  }

  @Override
  public synchronized CompletableFuture<Void> complete(MessageId id) {
    messages.remove(id);
    contents.remove(id);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized SpoolStats stats() {
    return new SpoolStats(
        messages.size(), contents.values().stream().mapToLong(c -> c.length).sum());
  }

  @Override
  public boolean isAvailable() {
    return condition == SpoolCondition.WRITABLE;
  }

  @Override
  public SpoolCondition condition() {
    return condition;
  }

  /** From now on the spool reports {@code condition}, as a full volume would make it. */
  void condition(SpoolCondition condition) {
    this.condition = condition;
  }

  @Override
  public void close() {}

  private synchronized MessageId store(Envelope envelope, byte[] content) {
    MessageId id = new MessageId("m" + nextId.getAndIncrement());
    messages.put(id, new SpooledMessage(id, envelope, content.length));
    contents.put(id, content);
    return id;
  }

  /** Collects one message's bytes. */
  private final class Writer implements SpoolWriter {
    private final Envelope envelope;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();

    Writer(Envelope envelope) {
      this.envelope = envelope;
    }

    @Override
    public void write(ByteBuffer bytes) {
      ByteBuffer copy = bytes.duplicate();
      byte[] array = new byte[copy.remaining()];
      copy.get(array);
      content.writeBytes(array);
    }

    @Override
    public long size() {
      return content.size();
    }

    @Override
    public CompletableFuture<Void> writable() {
      return writable;
    }

    @Override
    public CompletableFuture<MessageId> commit() {
      CompletableFuture<MessageId> done = new CompletableFuture<>();
      Runnable finish =
          () -> {
            if (failCommits) {
              done.completeExceptionally(new IllegalStateException("disk full"));
            } else {
              done.complete(store(envelope, content.toByteArray()));
            }
          };
      if (holdCommits) {
        heldCommits.add(finish);
      } else {
        finish.run();
      }
      return done;
    }

    @Override
    public void abort() {
      aborted.incrementAndGet();
    }
  }
}
