package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may send mail through this MTA (every recipient is remote, so every message is relayed).
 *
 * @param networks client networks in CIDR notation allowed to relay without authenticating; a
 *     {@code /0} is refused, as it would make an open relay, and so is any network wider than
 *     {@code /8} (IPv4) or {@code /32} (IPv6) unless {@code allowWideRelayNetworks} is set: two
 *     {@code /1} halves are as open as a {@code /0}. IPv6 unique local networks ({@code fc00::/7})
 *     never reach the Internet and count as narrow.
 * @param authenticatedUsers whether users who passed SMTP AUTH may relay
 * @param allowWideRelayNetworks accept networks wider than the bound above, for a deployment that
 *     means it
 */
public record RelayConfig(
    List<String> networks, boolean authenticatedUsers, boolean allowWideRelayNetworks) {

  /** The widest IPv4 relay network accepted without the flag. */
  static final int WIDEST_IPV4_PREFIX = 8;

  /** The widest IPv6 relay network accepted without the flag. */
  static final int WIDEST_IPV6_PREFIX = 32;

  private static final ClientNetwork UNIQUE_LOCAL_IPV6 = ClientNetwork.parse("fc00::/7");

  public RelayConfig {
    networks = List.copyOf(requirePresent("networks", networks));
    for (int i = 0; i < networks.size(); i++) {
      String field = "networks[" + i + "]";
      ClientNetwork network;
      try {
        network = ClientNetwork.parse(networks.get(i));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(field, e.getMessage());
      }
      if (network.prefixLength() == 0) {
        throw new InvalidConfigException(field, network + " would make this MTA an open relay");
      }
      int widest = widestPrefix(network);
      if (network.prefixLength() < widest && !allowWideRelayNetworks) {
        throw new InvalidConfigException(
            field,
            network
                + " is wider than /"
                + widest
                + " and risks making this MTA an open relay; list narrower networks, or set"
                + " smtp.relay.allowWideRelayNetworks: true");
      }
    }
  }

  private static int widestPrefix(ClientNetwork network) {
    if (network.network().getAddress().length == 4) {
      return WIDEST_IPV4_PREFIX;
    }
    boolean uniqueLocal =
        network.prefixLength() >= UNIQUE_LOCAL_IPV6.prefixLength()
            && UNIQUE_LOCAL_IPV6.contains(network.network());
    return uniqueLocal ? UNIQUE_LOCAL_IPV6.prefixLength() : WIDEST_IPV6_PREFIX;
  }

  /** The networks, parsed. */
  public List<ClientNetwork> clientNetworks() {
    List<ClientNetwork> parsed = new ArrayList<>();
    networks.forEach(n -> parsed.add(ClientNetwork.parse(n)));
    return parsed;
  }
}
