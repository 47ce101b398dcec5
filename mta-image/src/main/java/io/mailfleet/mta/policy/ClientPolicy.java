package io.mailfleet.mta.policy;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/** Decides whether a client may open an SMTP session; asked before the greeting. */
@FunctionalInterface
public interface ClientPolicy {

  /** Accepts every client; connection limits still apply. */
  ClientPolicy ACCEPT_ALL = client -> PolicyDecision.accepted();

  /**
   * Decides about a client. Runs on the session's event loop: a hook that does I/O returns an
   * incomplete stage and completes it elsewhere.
   */
  CompletionStage<PolicyDecision> checkClient(InetSocketAddress client);
}
