package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The admin token Secret: what it holds and where the pods find it. */
class TierAdminTokenModelTest {

  @Test
  void tokensAreLongRandomAndSafeInAnAuthorizationHeader() {
    SecureRandom random = new SecureRandom();
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      tokens.add(TierAdminTokenModel.newToken(random));
    }

    assertThat(tokens)
        .hasSize(100)
        .allSatisfy(t -> assertThat(t).hasSize(43).matches("[A-Za-z0-9_-]+"));
  }

  @Test
  void secretHoldsTheTokenUnderTheKeyThePodsMountAndCarriesTheTiersLabels() {
    DeliveryTierModel model = TierFixtures.model();

    Secret secret = model.adminTokenSecret("tok-1");

    assertThat(secret.getMetadata().getName()).isEqualTo("bulk-admin-token");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo(TierFixtures.NAMESPACE);
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "mailfleet-operator")
        .containsEntry(TierIdentity.TIER_LABEL, "bulk");
    assertThat(secret.getData()).containsOnlyKeys(MtaPodLayout.ADMIN_TOKEN);
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get(MtaPodLayout.ADMIN_TOKEN)),
                StandardCharsets.US_ASCII))
        .isEqualTo("tok-1");
  }

  @Test
  void tokenIsReadBackFromTheSecretAndIsAbsentFromOneWithoutData() {
    DeliveryTierModel model = TierFixtures.model();

    assertThat(TierAdminTokenModel.token(model.adminTokenSecret("tok-1"))).contains("tok-1");
    assertThat(TierAdminTokenModel.token(new Secret())).isEmpty();
  }
}
