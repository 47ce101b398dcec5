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
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return false;
    }
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
    if (!admitted[0]) {
      total.decrementAndGet();
    }
    return admitted[0];
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
