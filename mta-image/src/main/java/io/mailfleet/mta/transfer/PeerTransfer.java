package io.mailfleet.mta.transfer;

import io.mailfleet.mta.delivery.PeerRelay;
import io.mailfleet.mta.delivery.RelayResult;
import io.mailfleet.mta.queue.DeliveryQueue;
import io.mailfleet.mta.queue.QueuedMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transfer of the queue to a peer MTA: hold local delivery, snapshot what is queued, relay each
 * message over one reused SMTP session (reconnecting a bounded number of times), hand a message
 * over only after the peer's 250 for its data, and release local delivery at the end so whatever is
 * left goes out from here as before.
 */
final class PeerTransfer implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerTransfer.class);

  /** Connection failures in a row (for one message) after which the transfer gives up. */
  static final int MAX_RECONNECTS = 3;

  private static final Duration RECONNECT_DELAY = Duration.ofMillis(250);

  private final DeliveryQueue queue;
  private final boolean resumeDelivery;
  private final Duration holdTimeout;
  private final PeerRelay relay;
  private final TransferMetrics metrics;
  private final Clock clock;
  private final String peer;
  private final AtomicReference<TransferState> state;

  /**
   * A transfer through {@code relay}; {@code resumeDelivery} is false when delivery is paused by
   * configuration, so the queue stays held afterwards.
   */
  PeerTransfer(
      DeliveryQueue queue,
      boolean resumeDelivery,
      Duration holdTimeout,
      PeerRelay relay,
      TransferMetrics metrics,
      Clock clock) {
    this.queue = queue;
    this.resumeDelivery = resumeDelivery;
    this.holdTimeout = holdTimeout;
    this.relay = relay;
    this.metrics = metrics;
    this.clock = clock;
    this.peer = relay.peer().toString();
    this.state = new AtomicReference<>(TransferState.started(peer, clock.instant()));
  }

  /** The transfer's state now. */
  TransferState state() {
    return state.get();
  }

  /**
   * Runs the transfer. The state turns DONE or FAILED only once local delivery is released, so a
   * next transfer cannot start (and hold the queue) before this one let go of it.
   */
  @Override
  public void run() {
    UnaryOperator<TransferState> ending;
    try {
      ending = transfer();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ending = s -> s.failed(clock.instant(), "interrupted: the MTA is shutting down");
    } catch (RuntimeException e) {
      LOG.error("transfer to {} failed", peer, e);
      ending = s -> s.failed(clock.instant(), e.toString());
    } finally {
      closeRelay();
      if (resumeDelivery) {
        queue.release();
      }
    }
    end(ending);
  }

  /** Relays the queue's snapshot; returns how the transfer ends. */
  private UnaryOperator<TransferState> transfer() throws InterruptedException {
    if (!queue.hold(holdTimeout)) {
      return s -> s.failed(clock.instant(), "deliveries in flight still busy after " + holdTimeout);
    }
    List<QueuedMessage> snapshot = queue.queued();
    update(s -> s.snapshot(snapshot.size()));
    LOG.info("transfer to {}: {} messages queued", peer, snapshot.size());
    for (QueuedMessage message : snapshot) {
      if (!offer(message)) {
        return s -> s.failed(clock.instant(), "peer unreachable: " + s.lastError());
      }
    }
    return s -> s.done(clock.instant());
  }

  private void closeRelay() {
    try {
      relay.close();
    } catch (InterruptedException e) {
      // Only the QUIT was cut short; keep the interrupt for whoever runs this thread.
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Relays one message, with the recipients it still has now (the snapshot may be older than a
   * delivery or an expiry); false when the peer stayed unreachable.
   */
  private boolean offer(QueuedMessage snapshot) throws InterruptedException {
    for (int failures = 0; ; failures++) {
      Optional<QueuedMessage> current = queue.queued(snapshot.message().id());
      if (current.isEmpty()) {
        return true; // settled meanwhile: nothing left to hand over
      }
      QueuedMessage message = current.get();
      RelayResult result = relay.relay(message);
      if (result instanceof RelayResult.Accepted accepted) {
        queue.handedOver(message.message().id());
        update(TransferState::transferredOne);
        metrics.transferred();
        TransferLog.transferred(message.message().id(), peer, accepted.reply());
        return true;
      }
      if (result instanceof RelayResult.Refused refused) {
        if (!refused.accepted().isEmpty()) {
          queue.handedOver(message.message().id(), refused.accepted());
        }
        update(s -> s.refusedOne(refused.reply()));
        metrics.refused();
        TransferLog.refused(message.message().id(), peer, refused.reply());
        return true;
      }
      if (result instanceof RelayResult.Cut cut) {
        update(s -> s.unconfirmedOne(cut.reply()));
        metrics.unconfirmed();
        TransferLog.unconfirmed(message.message().id(), peer, cut.reply());
      } else {
        // Broken before the final dot, or no session: the peer has nothing; try again.
        update(s -> s.connectionFailed(result.reply()));
      }
      if (failures >= MAX_RECONNECTS) {
        return false;
      }
      LOG.info("transfer to {}: {}; reconnecting", peer, result.reply());
      TimeUnit.MILLISECONDS.sleep(RECONNECT_DELAY.toMillis() * (failures + 1));
    }
  }

  private void update(UnaryOperator<TransferState> change) {
    state.updateAndGet(change);
  }

  private void end(UnaryOperator<TransferState> change) {
    TransferState last = state.updateAndGet(change);
    LOG.info(
        "transfer to {} {}: {} transferred, {} refused, {} unconfirmed, {} remaining{}",
        peer,
        last.state(),
        last.transferred(),
        last.failed(),
        last.unconfirmed(),
        last.remaining(),
        last.lastError() == null ? "" : "; last error: " + last.lastError());
  }
}
