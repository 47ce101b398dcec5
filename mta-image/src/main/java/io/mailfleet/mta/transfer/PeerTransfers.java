package io.mailfleet.mta.transfer;

import io.mailfleet.mta.delivery.PeerRelay;
import io.mailfleet.mta.queue.DeliveryQueue;
import io.mailfleet.mta.queue.NextHop;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs transfers of this MTA's queue to peers, one at a time, each on a thread of its own, and
 * remembers the last one for the admin API.
 */
public final class PeerTransfers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerTransfers.class);

  private final DeliveryQueue queue;
  private final TransferPeers peers;
  private final boolean deliveryPaused;
  private final Duration holdTimeout;
  private final Function<NextHop, PeerRelay> relays;
  private final TransferMetrics metrics;
  private final Clock clock;

  /** The current or last transfer, and its thread; guarded by {@code this}. */
  private PeerTransfer last;

  private Thread worker;
  private boolean closed;

  /**
   * Transfers of {@code queue} to {@code peers}, through relays made by {@code relays}. When {@code
   * deliveryPaused}, the queue is held for good and stays held after a transfer; otherwise each
   * transfer waits up to {@code holdTimeout} for deliveries in flight to settle, and releases the
   * queue when done.
   */
  public PeerTransfers(
      DeliveryQueue queue,
      TransferPeers peers,
      boolean deliveryPaused,
      Duration holdTimeout,
      Function<NextHop, PeerRelay> relays,
      TransferMetrics metrics,
      Clock clock) {
    this.queue = queue;
    this.peers = peers;
    this.deliveryPaused = deliveryPaused;
    this.holdTimeout = holdTimeout;
    this.relays = relays;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Whether a transfer may go to {@code peer} ({@code delivery.transferPeers}). */
  public boolean allows(NextHop peer) {
    return peers.allows(peer);
  }

  /** Starts a transfer in the background and returns its first state. */
  public synchronized TransferState start(TransferRequest request) throws TransferRunning {
    if (closed) {
      throw new IllegalStateException("the MTA is shutting down");
    }
    if (last != null && last.state().state() == TransferPhase.RUNNING) {
      throw new TransferRunning(last.state());
    }
    PeerTransfer transfer =
        new PeerTransfer(
            queue, !deliveryPaused, holdTimeout, relays.apply(request.peer()), metrics, clock);
    Thread thread = new Thread(transfer, "transfer-" + request.peer());
    thread.setDaemon(true);
    last = transfer;
    worker = thread;
    thread.start();
    LOG.info("transfer to {} started", request.peer());
    return transfer.state();
  }

  /** The current or last transfer's state; empty when none ran since start. */
  public synchronized Optional<TransferState> current() {
    return Optional.ofNullable(last).map(PeerTransfer::state);
  }

  /** Interrupts a running transfer and waits briefly for it to release the queue. */
  @Override
  public void close() throws InterruptedException {
    Thread running;
    synchronized (this) {
      closed = true;
      running = worker;
    }
    if (running != null && running.isAlive()) {
      running.interrupt();
      running.join(10_000);
      if (running.isAlive()) {
        LOG.warn("transfer thread {} still running 10s after interrupt", running.getName());
      }
    }
  }
}
