package io.mailfleet.mta.policy;

import io.mailfleet.mta.config.ClientNetwork;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Relays for authenticated users and for clients in the listed networks, and for no one else. Every
 * recipient of this MTA is remote, so this is the check that keeps it from being an open relay:
 * with no networks and no authentication nothing is accepted.
 */
public final class RelayPolicy implements RecipientPolicy {

  private static final PolicyDecision DENIED =
      new PolicyDecision.Reject(554, "5.7.1", "Relay access denied");

  private final List<ClientNetwork> trustedNetworks;
  private final boolean relayForAuthenticatedUsers;

  /**
   * @param trustedNetworks clients allowed to relay without authenticating
   * @param relayForAuthenticatedUsers whether a successful AUTH allows relay
   */
  public RelayPolicy(List<ClientNetwork> trustedNetworks, boolean relayForAuthenticatedUsers) {
    for (ClientNetwork network : trustedNetworks) {
      if (network.prefixLength() == 0) {
        throw new IllegalArgumentException(network + " would make this MTA an open relay");
      }
    }
    this.trustedNetworks = List.copyOf(trustedNetworks);
    this.relayForAuthenticatedUsers = relayForAuthenticatedUsers;
  }

  @Override
  public CompletionStage<PolicyDecision> checkRecipient(
      SessionFacts session, String sender, String recipient) {
    return CompletableFuture.completedFuture(mayRelay(session) ? PolicyDecision.ACCEPT : DENIED);
  }

  private boolean mayRelay(SessionFacts session) {
    if (relayForAuthenticatedUsers && session.authenticatedUser().isPresent()) {
      return true;
    }
    return trustedNetworks.stream().anyMatch(n -> n.contains(session.client().getAddress()));
  }
}
