package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The Secret holding a tier's admin API token: the MTA pods read it from a volume (admin and
 * injection {@code tokenFile}), the preStop drain hook sends it, and the operator sends it when it
 * calls a pod's admin API. It is made once, with a random token, and then kept: a token rotated on
 * every reconciliation would lock the running pods' callers out.
 */
public final class TierAdminTokenModel {

  /** Bytes of randomness in a token: 256 bits, beyond guessing. */
  static final int TOKEN_BYTES = 32;

  private TierAdminTokenModel() {}

  /** A fresh token: {@link #TOKEN_BYTES} random bytes, base64url without padding. */
  public static String newToken(SecureRandom random) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The Secret of {@code id}'s tier holding {@code token} under {@link MtaPodLayout#ADMIN_TOKEN}.
   */
  public static Secret secret(TierIdentity id, String token) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(id.adminTokenSecretName())
        .withNamespace(id.namespace())
        .withLabels(id.labels())
        .endMetadata()
        .withType("Opaque")
        .addToData(
            MtaPodLayout.ADMIN_TOKEN,
            Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.US_ASCII)))
        .build();
  }

  /** The token {@code secret} holds, empty when it holds none. */
  public static Optional<String> token(Secret secret) {
    return Optional.ofNullable(secret.getData())
        .map(data -> data.get(MtaPodLayout.ADMIN_TOKEN))
        .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII));
  }
}
