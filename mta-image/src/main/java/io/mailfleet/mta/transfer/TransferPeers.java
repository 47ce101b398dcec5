package io.mailfleet.mta.transfer;

import io.mailfleet.mta.queue.NextHop;
import java.util.List;
import java.util.Locale;

/**
 * The peers a transfer may hand the queue to ({@code delivery.transferPeers}): a name matches
 * itself; a name with a leading dot matches every host name ending in it (e.g. {@code
 * .bulk-pods.mail.svc.cluster.local}, the tier's pods). A transfer removes the local copies, so the
 * admin API must not send the queue wherever a request says; none listed refuses every transfer.
 */
public record TransferPeers(List<String> allowed) {

  public TransferPeers {
    allowed = allowed.stream().map(TransferPeers::normalized).toList();
  }

  /** Whether {@code peer}'s host is one of the allowed names or ends in an allowed suffix. */
  public boolean allows(NextHop peer) {
    String host = normalized(peer.host());
    return allowed.stream()
        .anyMatch(name -> name.startsWith(".") ? host.endsWith(name) : host.equals(name));
  }

  private static String normalized(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
