package io.mailfleet.mta.policy;

import java.util.concurrent.CompletionStage;

/** Decides whether a forward path given in {@code RCPT TO} is accepted. */
@FunctionalInterface
public interface RecipientPolicy {

  /**
   * Decides about a recipient of a transaction from {@code sender}. Runs on the session's event
   * loop: a hook that does I/O returns an incomplete stage and completes it elsewhere.
   */
  CompletionStage<PolicyDecision> checkRecipient(
      SessionFacts session, String sender, String recipient);
}
