package io.mailfleet.mta.bounce;

import io.mailfleet.mta.queue.DeliveryJob;
import io.mailfleet.mta.queue.NonDeliveryReports;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolException;
import io.mailfleet.mta.spool.SpoolWriter;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes RFC 3464 bounces into the spool from the null sender to the original sender, with the
 * original headers (read from the spool up to a bound, never the whole body).
 */
public final class SpoolBounces implements NonDeliveryReports {

  /** Most of the original header section a bounce quotes. */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(SpoolBounces.class);

  private final Spool spool;
  private final String hostname;
  private final Clock clock;

  public SpoolBounces(Spool spool, String hostname, Clock clock) {
    this.spool = spool;
    this.hostname = hostname;
    this.clock = clock;
  }

  @Override
  public Optional<SpooledMessage> write(DeliveryJob job, List<Failure> failures) {
    Envelope original = job.message().envelope();
    if (original.sender().isEmpty()) {
      LOG.info("message {}: no bounce for the null sender", job.message().id());
      return Optional.empty();
    }
    DeliveryStatusNotification dsn =
        new DeliveryStatusNotification(
            hostname,
            original.sender(),
            job.message().id().value(),
            original.receivedAt(),
            failures,
            headers(job.message().id()),
            clock.instant());
    byte[] content = dsn.toBytes();
    Envelope envelope =
        new Envelope("", List.of(original.sender()), clock.instant(), Envelope.THIS_MTA);
    SpoolWriter writer = spool.begin(envelope);
    writer.write(ByteBuffer.wrap(content));
    try {
      MessageId id = writer.commit().join();
      LOG.info("message {}: bounce {} queued to its sender", job.message().id(), id);
      return Optional.of(new SpooledMessage(id, envelope, content.length, writer.facts()));
    } catch (CompletionException e) {
      throw new SpoolException("cannot store the bounce for " + job.message().id(), e.getCause());
    }
  }

  /**
   * The original header section, up to its blank line or the bound, cut at a line end; empty when
   * the content cannot be read.
   */
  private String headers(MessageId id) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new BufferedInputStream(spool.open(id))) {
      int previous = -1;
      int lineStart = 0;
      for (int b = in.read(); b >= 0 && out.size() < MAX_HEADER_BYTES; b = in.read()) {
        if (b == '\n' && previous == '\r' && out.size() == lineStart + 1) {
          return text(out, lineStart);
        }
        out.write(b);
        if (b == '\n') {
          lineStart = out.size();
        }
        previous = b;
      }
      return text(out, lineStart);
    } catch (IOException e) {
      // The bounce matters more than the quote: a message whose content cannot be read (damaged in
      // the spool, or the device failing) is bounced without its headers rather than not at all.
      LOG.warn("message {}: bounce written without the original headers: {}", id, e.getMessage());
      return "";
    }
  }

  private static String text(ByteArrayOutputStream out, int length) {
    return new String(out.toByteArray(), 0, length, StandardCharsets.UTF_8);
  }
}
