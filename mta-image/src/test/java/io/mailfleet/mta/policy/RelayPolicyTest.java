package io.mailfleet.mta.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.mta.config.ClientNetwork;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Relay decisions and the CIDR blocks they rest on. */
class RelayPolicyTest {

  private static SessionFacts from(String ip, String user) {
    return new SessionFacts(
        new InetSocketAddress(ip, 1234), "client", false, Optional.ofNullable(user));
  }

  private static PolicyDecision decide(RelayPolicy policy, SessionFacts session) {
    return policy
        .checkRecipient(session, "a@example.com", "b@example.org")
        .toCompletableFuture()
        .join();
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.168.1.0/25, 192.168.1.127, true",
    "192.168.1.0/25, 192.168.1.128, false",
    "2001:db8::/32, 2001:db8:1::5, true",
    "2001:db8::/32, 2001:db9::5, false",
    "::1/128, 127.0.0.1, false",
    "127.0.0.1, 127.0.0.1, true"
  })
  void networkContainsExactlyTheAddressesOfItsPrefix(String cidr, String ip, boolean inside)
      throws Exception {
    assertThat(ClientNetwork.parse(cidr).contains(java.net.InetAddress.getByName(ip)))
        .isEqualTo(inside);
  }

  @Test
  void withNoNetworksAndNoAuthenticationNothingIsRelayed() {
    RelayPolicy closed = new RelayPolicy(List.of(), true);

    assertThat(decide(closed, from("127.0.0.1", null)))
        .isEqualTo(new PolicyDecision.Reject(554, "5.7.1", "Relay access denied"));
  }

  @Test
  void trustedNetworkOrAuthenticatedUserMayRelay() {
    RelayPolicy policy = new RelayPolicy(List.of(ClientNetwork.parse("10.0.0.0/8")), true);

    assertThat(decide(policy, from("10.1.2.3", null))).isEqualTo(PolicyDecision.ACCEPT);
    assertThat(decide(policy, from("198.51.100.1", "app"))).isEqualTo(PolicyDecision.ACCEPT);
    assertThat(decide(policy, from("198.51.100.1", null)))
        .isInstanceOf(PolicyDecision.Reject.class);
  }

  @Test
  void authenticationDoesNotRelayWhenTurnedOff() {
    RelayPolicy policy = new RelayPolicy(List.of(), false);

    assertThat(decide(policy, from("198.51.100.1", "app")))
        .isInstanceOf(PolicyDecision.Reject.class);
  }

  @Test
  void aZeroLengthPrefixIsRefusedAsAnOpenRelay() {
    assertThatThrownBy(() -> new RelayPolicy(List.of(ClientNetwork.parse("::/0")), true))
        .hasMessageContaining("open relay");
  }
}
