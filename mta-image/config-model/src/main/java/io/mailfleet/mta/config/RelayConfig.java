package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may send mail through this MTA (every recipient is remote, so every message is relayed).
 *
 * @param networks client networks in CIDR notation allowed to relay without authenticating; a
 *     {@code /0} is refused, as it would make an open relay
 * @param authenticatedUsers whether users who passed SMTP AUTH may relay
 */
public record RelayConfig(List<String> networks, boolean authenticatedUsers) {

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
    }
  }

  /** The networks, parsed. */
  public List<ClientNetwork> clientNetworks() {
    List<ClientNetwork> parsed = new ArrayList<>();
    networks.forEach(n -> parsed.add(ClientNetwork.parse(n)));
    return parsed;
  }
}
