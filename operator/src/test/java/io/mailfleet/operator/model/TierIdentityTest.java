package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.LocalObjectReference;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tier's identity comes from the tier alone, so it is known before its MailCluster exists, and
 * every name it derives is valid for each name the CRDs admit.
 */
class TierIdentityTest {

  private static final String DNS_1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final int LABEL_VALUE_LIMIT = 63;

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

  @Test
  void theLongestNamesTheCrdsAdmitKeepEveryDerivedNameValid() {
    TierIdentity identity =
        new TierIdentity(
            TierFixtures.NAMESPACE,
            "b".repeat(DeliveryTier.MAX_NAME_LENGTH),
            "m".repeat(MailCluster.MAX_NAME_LENGTH));

    assertThat(
            List.of(
                identity.statefulSetName(),
                identity.submissionServiceName(),
                identity.headlessServiceName(),
                lastPodName(identity)))
        .as("Service and pod names: RFC 1035 labels")
        .allSatisfy(name -> assertThat(name).matches(DNS_1035_LABEL).hasSizeLessThanOrEqualTo(63));
    assertThat(identity.configMapName()).hasSizeLessThanOrEqualTo(253);
    assertThat(revisionHashLabel(identity)).hasSizeLessThanOrEqualTo(LABEL_VALUE_LIMIT);
    assertThat(identity.labels().values())
        .allSatisfy(value -> assertThat(value).hasSizeLessThanOrEqualTo(LABEL_VALUE_LIMIT));
  }

  @Test
  void oneCharacterMoreWouldMakeTheRevisionLabelTooLong() {
    TierIdentity identity =
        new TierIdentity(
            TierFixtures.NAMESPACE, "b".repeat(DeliveryTier.MAX_NAME_LENGTH + 1), "mail");

    assertThat(revisionHashLabel(identity)).hasSizeGreaterThan(LABEL_VALUE_LIMIT);
  }

  /** The pod of the highest ordinal: scaling.maxReplicas is at most 1000. */
  private static String lastPodName(TierIdentity identity) {
    return identity.statefulSetName() + "-999";
  }

  /**
   * The StatefulSet controller's controller-revision-hash label on every pod: the StatefulSet's
   * name, a dash, and a 32-bit hash spelt in at most 10 characters.
   */
  private static String revisionHashLabel(TierIdentity identity) {
    return identity.statefulSetName() + "-" + "h".repeat(10);
  }
}
