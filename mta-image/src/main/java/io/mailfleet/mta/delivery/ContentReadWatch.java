package io.mailfleet.mta.delivery;

import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolStats;
import io.mailfleet.mta.spool.SpoolWriter;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The spool as a relayed transaction reads it, noting whether a message's content was read to its
 * end: only then can the final dot have gone out, and only then can a broken connection have left
 * the message with the peer. Everything else goes straight to the spool.
 */
final class ContentReadWatch implements Spool {

  private final Spool spool;
  private volatile boolean contentEnded;

  ContentReadWatch(Spool spool) {
    this.spool = spool;
  }

  /** Forgets the last transaction's reading. */
  void reset() {
    contentEnded = false;
  }

  /** Whether content was read to its end since {@link #reset()}. */
  boolean contentEnded() {
    return contentEnded;
  }

  @Override
  public InputStream open(MessageId id) {
    return new FilterInputStream(spool.open(id)) {
      @Override
      public int read() throws IOException {
        return ended(super.read());
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return ended(super.read(b, off, len));
      }
    };
  }

  private int ended(int read) {
    if (read < 0) {
      contentEnded = true;
    }
    return read;
  }

  @Override
  public SpoolWriter begin(Envelope envelope) {
    return spool.begin(envelope);
  }

  @Override
  public List<SpooledMessage> recover() {
    return spool.recover();
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
  public void close() {
    spool.close();
  }
}
