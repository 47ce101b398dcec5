package io.mailfleet.mta.delivery;

import io.mailfleet.mta.queue.DeliveryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What relaying one queued message to a peer MTA (a transfer, when this pod drains) came to. Unlike
 * a {@link io.mailfleet.mta.queue.DeliveryResult} it is about the whole message and says whether
 * the peer may hold a copy ({@link Cut}), because the transfer then must not delete it blindly nor
 * deliver it again.
 */
public sealed interface RelayResult
    permits RelayResult.Accepted,
        RelayResult.Refused,
        RelayResult.Cut,
        RelayResult.Broken,
        RelayResult.Unreachable {

  /** The peer's reply, or why there was none. */
  String reply();

  /** Every recipient accepted and the peer's 2xx after the final dot: the peer has the message. */
  record Accepted(String reply) implements RelayResult {
    public Accepted {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /**
   * The peer refused some or all recipients (or the message): it took responsibility for {@code
   * accepted} only, and {@code reply} is its first refusal.
   */
  record Refused(List<String> accepted, String reply) implements RelayResult {
    public Refused {
      accepted = List.copyOf(accepted);
      Objects.requireNonNull(reply, "reply");
    }
  }

  /**
   * The connection failed after the whole content was sent, before the peer's reply: the peer may
   * or may not have committed the message (a reply lost after the final dot), so a copy may exist
   * on both sides.
   */
  record Cut(String reply) implements RelayResult {
    public Cut {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** The connection failed before the content was complete: the peer cannot have the message. */
  record Broken(String reply) implements RelayResult {
    public Broken {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** No session with the peer (connection refused, timed out, greeting or EHLO refused). */
  record Unreachable(String reply) implements RelayResult {
    public Unreachable {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** Sums up one transaction's per-recipient outcomes. */
  static RelayResult of(Map<String, DeliveryResult> results) {
    List<String> accepted = new ArrayList<>();
    String delivered = null;
    String refusal = null;
    for (Map.Entry<String, DeliveryResult> each : results.entrySet()) {
      if (each.getValue() instanceof DeliveryResult.Delivered d) {
        accepted.add(each.getKey());
        delivered = d.reply();
      } else if (refusal == null) {
        refusal = each.getValue().reply();
      }
    }
    if (refusal == null && delivered != null) {
      return new Accepted(delivered);
    }
    return new Refused(accepted, refusal == null ? "no recipient in the transaction" : refusal);
  }
}
