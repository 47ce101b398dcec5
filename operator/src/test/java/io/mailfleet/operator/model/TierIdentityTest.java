package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.LocalObjectReference;
import org.junit.jupiter.api.Test;

/** A tier's identity comes from the tier alone, so it is known before its MailCluster exists. */
class TierIdentityTest {

  @Test
  void identityNamesTheTierAndTheClusterItsReferenceNames() {
    DeliveryTier tier = TierFixtures.tier();
    tier.getSpec().setClusterRef(new LocalObjectReference().setName("mail-us"));

    TierIdentity identity = TierIdentity.of(tier);

    assertThat(identity)
        .isEqualTo(new TierIdentity(TierFixtures.NAMESPACE, "bulk", "mail-us"))
        .extracting(
            TierIdentity::headlessServiceName,
            TierIdentity::selectorString,
            TierIdentity::adminTokenSecretName)
        .containsExactly(
            "bulk-pods",
            "app.kubernetes.io/name=mailfleet-mta,mailfleet.io/tier=bulk",
            "bulk-admin-token");
    assertThat(identity.labels()).containsEntry(TierIdentity.CLUSTER_LABEL, "mail-us");
  }
}
