package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who the tier's NetworkPolicy lets in, on which port. */
class TierNetworkPolicyModelTest {

  private static NetworkPolicyIngressRule ruleFor(NetworkPolicy policy, int port) {
    return policy.getSpec().getIngress().stream()
        .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule for port " + port));
  }

  @Test
  void policySelectsTheTiersPodsAndRestrictsOnlyIngress() {
    NetworkPolicy policy = TierFixtures.model().networkPolicy();

    assertThat(policy.getMetadata().getName()).isEqualTo("bulk");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo(TierFixtures.NAMESPACE);
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(TierFixtures.model().identity().selectorLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
    assertThat(policy.getSpec().getIngress()).hasSize(2);
  }

  @Test
  void smtpIsOpenToEveryClient() {
    NetworkPolicyIngressRule smtp = ruleFor(TierFixtures.model().networkPolicy(), 2525);

    assertThat(smtp.getFrom()).isNullOrEmpty();
    assertThat(smtp.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getProtocol()).isEqualTo("TCP"));
  }

  @Test
  void adminPortAdmitsOnlyTheOperatorsPodsInItsNamespaceAndPrometheus() {
    NetworkPolicyIngressRule admin = ruleFor(TierFixtures.model().networkPolicy(), 8080);

    assertThat(admin.getPorts()).hasSize(1);
    assertThat(admin.getFrom()).hasSize(2);
    assertThat(admin.getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "mailfleet-system"));
    assertThat(admin.getFrom().get(0).getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "mailfleet-operator"));
    assertThat(admin.getFrom().get(1).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
    assertThat(admin.getFrom().get(1).getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "prometheus"));
  }

  @Test
  void operatorOfUnknownNamespaceIsAdmittedByItsLabelsFromAnyNamespace() {
    DeliveryTierModel model =
        new DeliveryTierModel(
            TierFixtures.tier(),
            TierFixtures.cluster(),
            TierFixtures.IMAGE,
            AdminApiClients.DEFAULTS,
            MtaAwsEnvironment.NONE);

    NetworkPolicyPeer operator = ruleFor(model.networkPolicy(), 8080).getFrom().get(0);

    assertThat(operator.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(operator.getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "mailfleet-operator"));
  }
}
