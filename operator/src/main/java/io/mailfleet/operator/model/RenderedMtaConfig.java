package io.mailfleet.operator.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The MTA configuration file of one tier, ready for its ConfigMap.
 *
 * @param yaml the file's text: the MTA's {@code MtaConfig} as its {@code ConfigWriter} writes it
 */
public record RenderedMtaConfig(String yaml) {

  public RenderedMtaConfig {
    if (yaml == null || yaml.isBlank()) {
      throw new IllegalArgumentException("yaml must not be blank");
    }
  }

  /**
   * SHA-256 of the text, first 16 hex digits: put on the pod template so a changed configuration
   * rolls the pods (a mounted ConfigMap changes in place and the MTA reads it only at start).
   */
  public String hash() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(yaml.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
