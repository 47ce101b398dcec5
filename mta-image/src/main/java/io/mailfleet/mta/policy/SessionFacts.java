package io.mailfleet.mta.policy;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What a policy hook may know about the SMTP session asking.
 *
 * @param client the client's address (after PROXY protocol)
 * @param heloName the name the client gave in HELO/EHLO
 * @param tls whether the session is encrypted
 * @param authenticatedUser the user who authenticated with AUTH, if any
 */
public record SessionFacts(
    InetSocketAddress client, String heloName, boolean tls, Optional<String> authenticatedUser) {

  public SessionFacts {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(heloName, "heloName");
    Objects.requireNonNull(authenticatedUser, "authenticatedUser");
  }
}
