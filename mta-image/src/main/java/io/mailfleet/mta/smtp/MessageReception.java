package io.mailfleet.mta.smtp;

import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.SpoolWriter;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One message's content on its way from the DATA stream into the spool: prepends the Received
 * header, adds missing Message-ID and Date, and counts the size, refusing (not buffering) what is
 * over the limit.
 */
public final class MessageReception {

  private final SpoolWriter writer;
  private final long maxSize;
  private final HeaderCompletion headers;
  private long received;
  private boolean overflowed;
  private boolean aborted;

  /**
   * @param writer where the content goes
   * @param maxSize the most content octets accepted from the client
   * @param traceHeader the Received header, written first
   * @param headers adds missing Message-ID and Date; null to add nothing
   */
  public MessageReception(
      SpoolWriter writer, long maxSize, byte[] traceHeader, HeaderCompletion headers) {
    this.writer = writer;
    this.maxSize = maxSize;
    this.headers = headers;
    writer.write(ByteBuffer.wrap(traceHeader));
  }

  /** Takes the next content chunk; the caller keeps ownership of it. */
  public void append(ByteBuf chunk) {
    if (overflowed || aborted) {
      return;
    }
    received += chunk.readableBytes();
    if (received > maxSize) {
      overflowed = true;
      abort();
      return;
    }
    int headerEnd = headers == null ? -1 : headers.scan(chunk);
    if (headerEnd < 0) {
      write(chunk, chunk.readerIndex(), chunk.readableBytes());
    } else {
      write(chunk, chunk.readerIndex(), headerEnd);
      writer.write(ByteBuffer.wrap(headers.missingFields()));
      write(chunk, chunk.readerIndex() + headerEnd, chunk.readableBytes() - headerEnd);
    }
  }

  /**
   * Completes when the spool can take more content; the session stops reading its socket until then
   * (the spool's backpressure). Completed at once for content that is being discarded.
   */
  public CompletableFuture<Void> writable() {
    return overflowed || aborted ? CompletableFuture.completedFuture(null) : writer.writable();
  }

  /** Whether the client sent more than the size limit. */
  public boolean overflowed() {
    return overflowed;
  }

  /** Octets received from the client so far (dot-unstuffed, before added headers). */
  public long receivedBytes() {
    return received;
  }

  /** Octets written to the spool. */
  public long storedBytes() {
    return writer.size();
  }

  /** Seals the message; the future completes once it is as durable as the spool promises. */
  public CompletableFuture<MessageId> commit() {
    if (headers != null && !headers.headersEnded()) {
      writer.write(ByteBuffer.wrap(headers.missingFields()));
    }
    return writer.commit();
  }

  /** Drops the message; safe to call more than once. */
  public void abort() {
    if (!aborted) {
      aborted = true;
      writer.abort();
    }
  }

  private void write(ByteBuf chunk, int index, int length) {
    if (length == 0) {
      return;
    }
    for (ByteBuffer part : chunk.nioBuffers(index, length)) {
      writer.write(part);
    }
  }
}
