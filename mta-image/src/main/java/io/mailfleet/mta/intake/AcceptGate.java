package io.mailfleet.mta.intake;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this MTA takes new mail. Draining closes it for good (the pod is going away); the SMTP
 * server and the injection API check {@link #isOpen()} before each new connection or transaction,
 * and readiness turns false.
 */
public final class AcceptGate {

  private final AtomicBoolean draining = new AtomicBoolean();

  /** True while new connections and transactions are welcome. */
  public boolean isOpen() {
    return !draining.get();
  }

  /** True once {@link #drain()} was called. */
  public boolean isDraining() {
    return draining.get();
  }

  /** Stops accepting new mail; in-flight transactions finish. Returns false if already draining. */
  public boolean drain() {
    return draining.compareAndSet(false, true);
  }
}
