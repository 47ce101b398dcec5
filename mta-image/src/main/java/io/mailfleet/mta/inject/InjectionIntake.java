package io.mailfleet.mta.inject;

import io.mailfleet.mta.intake.Ingress;
import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits validated injection requests to the spool, the one path for the HTTP API and the SQS
 * source: the returned future completes once the message is as durable as the spool promises (the
 * same rule as the SMTP 250), and the intake metrics count it under its ingress.
 */
final class InjectionIntake {

  private static final Logger LOG = LoggerFactory.getLogger(InjectionIntake.class);

  private final Spool spool;
  private final MtaMetrics metrics;
  private final Clock clock;
  private final Ingress ingress;

  InjectionIntake(Spool spool, MtaMetrics metrics, Clock clock, Ingress ingress) {
    this.spool = spool;
    this.metrics = metrics;
    this.clock = clock;
    this.ingress = ingress;
  }

  /**
   * Spools {@code request} received from {@code client}; completes with the message id once it is
   * durable, exceptionally when the spool could not store it.
   */
  CompletableFuture<MessageId> commit(InjectionRequest request, String client) {
    return commit(request, request.canonicalMessage().getBytes(StandardCharsets.UTF_8), client);
  }

  /**
   * Spools {@code request} with {@code content}, its canonical message already encoded by a caller
   * that needed its size, so the message is not encoded twice.
   */
  CompletableFuture<MessageId> commit(InjectionRequest request, byte[] content, String client) {
    long start = System.nanoTime();
    Envelope envelope =
        new Envelope(request.sender(), request.recipients(), clock.instant(), client);
    SpoolWriter writer = spool.begin(envelope);
    writer.write(ByteBuffer.wrap(content));
    long size = writer.size();
    return writer
        .commit()
        .whenComplete(
            (id, error) -> {
              if (error != null) {
                LOG.error("{} message from {} not stored", ingress, client, error);
                metrics.messageRejected(ingress, RejectReason.SPOOL_FAILURE);
                return;
              }
              metrics.messageReceived(ingress, size);
              metrics.transactionCompleted(ingress, Duration.ofNanos(System.nanoTime() - start));
              LOG.info(
                  "message {} injected over {} from {} ({} bytes, {} recipients)",
                  id,
                  ingress,
                  client,
                  size,
                  envelope.recipients().size());
            });
  }
}
