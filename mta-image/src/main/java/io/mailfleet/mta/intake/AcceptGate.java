package io.mailfleet.mta.intake;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this MTA takes new mail. Draining closes it (the pod is about to leave, or hands its
 * queue to its peers); the SMTP server and the injection API check {@link #isOpen()} before each
 * new connection or transaction, and readiness turns false. A drain the operator called off (its
 * transfer failed, so the pod stays) is undone with {@link #undrain()}; a shutdown's is final.
 */
public final class AcceptGate {

  private enum State {
    OPEN,
    DRAINING,
    SHUT_DOWN
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

  /** True while new connections and transactions are welcome. */
  public boolean isOpen() {
    return state.get() == State.OPEN;
  }

  /** True once {@link #drain()} or {@link #shutDown()} was called, until an {@link #undrain()}. */
  public boolean isDraining() {
    return state.get() != State.OPEN;
  }

  /** Stops accepting new mail; in-flight transactions finish. Returns false if already draining. */
  public boolean drain() {
    return state.compareAndSet(State.OPEN, State.DRAINING);
  }

  /**
   * Takes new mail again after a {@link #drain()}. Returns false when the gate was open already;
   * throws when the MTA is shutting down, which no request may reverse.
   */
  public boolean undrain() {
    if (state.compareAndSet(State.DRAINING, State.OPEN)) {
      return true;
    }
    if (state.get() == State.SHUT_DOWN) {
      throw new IllegalStateException("the MTA is shutting down; its drain cannot be undone");
    }
    return false;
  }

  /** Stops accepting new mail for good: the process is stopping. */
  public void shutDown() {
    state.set(State.SHUT_DOWN);
  }
}
