package io.mailfleet.mta.policy;

import java.util.concurrent.CompletionStage;

/** Decides whether a reverse path given in {@code MAIL FROM} is accepted. */
@FunctionalInterface
public interface SenderPolicy {

  /** Accepts every sender, the null sender included. */
  SenderPolicy ACCEPT_ALL = (session, sender) -> PolicyDecision.accepted();

  /**
   * Decides about a sender ({@code ""} for the null sender). Runs on the session's event loop: a
   * hook that does I/O returns an incomplete stage and completes it elsewhere.
   */
  CompletionStage<PolicyDecision> checkSender(SessionFacts session, String sender);
}
