package io.mailfleet.mta.policy;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What a policy hook decided about a client, sender or recipient. */
public sealed interface PolicyDecision permits PolicyDecision.Accept, PolicyDecision.Reject {

  /** The shared acceptance. */
  Accept ACCEPT = new Accept();

  /** An already completed acceptance, for hooks that decide without I/O. */
  static CompletionStage<PolicyDecision> accepted() {
    return CompletableFuture.completedFuture(ACCEPT);
  }

  /** Go on with the session or transaction. */
  record Accept() implements PolicyDecision {}

  /**
   * Refuse with this SMTP reply.
   *
   * @param code a 4xx (try again later) or 5xx (permanent) reply code
   * @param enhancedCode the RFC 3463 status code, such as {@code 5.7.1}
   * @param text the human-readable part of the reply
   */
  record Reject(int code, String enhancedCode, String text) implements PolicyDecision {

    public Reject {
      if (code < 400 || code > 599) {
        throw new IllegalArgumentException("a rejection needs a 4xx or 5xx code: " + code);
      }
      Objects.requireNonNull(enhancedCode, "enhancedCode");
      if (!enhancedCode.matches("[45]\\.\\d{1,3}\\.\\d{1,3}")
          || enhancedCode.charAt(0) != Integer.toString(code).charAt(0)) {
        throw new IllegalArgumentException(
            "enhanced code " + enhancedCode + " does not match reply code " + code);
      }
      Objects.requireNonNull(text, "text");
    }
  }
}
