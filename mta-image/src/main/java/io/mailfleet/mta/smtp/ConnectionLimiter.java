package io.mailfleet.mta.smtp;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open sessions in total and per client address against the configured limits. */
public final class ConnectionLimiter {

  private final int maxTotal;
  private final int maxPerClient;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

  /**
   * @param maxTotal sessions open at once
   * @param maxPerClient sessions open at once from one address
   */
  public ConnectionLimiter(int maxTotal, int maxPerClient) {
    this.maxTotal = maxTotal;
    this.maxPerClient = maxPerClient;
  }

  /** Takes a slot for the client; false (and nothing taken) when a limit is reached. */
  public boolean tryAcquire(InetAddress client) {
    if (!tryReserve()) {
      return false;
    }
    if (!tryAdmitReserved(client)) {
      unreserve();
      return false;
    }
    return true;
  }

  /**
   * Takes a slot toward the total for a connection whose client is not known yet (it waits for its
   * PROXY header), so silent connections cannot pile up beyond the limit; false when it is reached.
   */
  public boolean tryReserve() {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * Counts a reserved connection against its client's limit once the client is known; false (the
   * reservation kept, for {@link #unreserve}) when that client has too many.
   */
  public boolean tryAdmitReserved(InetAddress client) {
    boolean[] admitted = {false};
    perClient.compute(
        client,
        (address, open) -> {
          int count = open == null ? 0 : open;
          if (count >= maxPerClient) {
            return open;
          }
          admitted[0] = true;
          return count + 1;
        });
    return admitted[0];
  }

  /** Gives back a slot taken by {@link #tryReserve} that was never admitted. */
  public void unreserve() {
    total.decrementAndGet();
  }

  /** Gives back a slot taken by {@link #tryAcquire}. */
  public void release(InetAddress client) {
    perClient.computeIfPresent(client, (address, open) -> open <= 1 ? null : open - 1);
    total.decrementAndGet();
  }

  /** Sessions open now. */
  public int open() {
    return total.get();
  }
}
