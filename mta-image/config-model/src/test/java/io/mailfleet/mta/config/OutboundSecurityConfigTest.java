package io.mailfleet.mta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery keys for outbound STARTTLS and DKIM: defaults, parsing, errors at start. */
class OutboundSecurityConfigTest {

  private final ConfigLoader loader = new ConfigLoader();

  @TempDir Path dir;

  private MtaConfig load(String yaml) throws IOException {
    return ConfigFile.load(dir, yaml);
  }

  @Test
  void defaultsUseOpportunisticTlsAndSignNothing() {
    DeliveryConfig delivery = loader.defaults().delivery();

    assertThat(delivery.shaping().defaults().tls()).isEqualTo(TlsPolicy.OPPORTUNISTIC);
    assertThat(delivery.tlsCaFile()).isNull();
    assertThat(delivery.dkim()).isEmpty();
  }

  @Test
  void fileSetsThePolicyAndTheKeys() throws Exception {
    Path keyFile = ed25519Key(dir.resolve("dkim.pem"));

    DeliveryConfig delivery =
        load("""
            delivery:
              shaping: {defaults: {tls: VERIFIED}}
              dkim:
                - {domain: example.com, selector: s2026, keyFile: %s}
            """
                .formatted(keyFile))
            .delivery();

    assertThat(delivery.shaping().defaults().tls()).isEqualTo(TlsPolicy.VERIFIED);
    assertThat(delivery.dkim())
        .containsExactly(DkimKeyConfig.ownDomain("example.com", "s2026", keyFile));
  }

  @Test
  void keyIsAllowedItsOwnDomainUnlessItsSendersAreListed() throws Exception {
    Path keyFile = ed25519Key(dir.resolve("dkim.pem"));

    List<DkimKeyConfig> keys =
        load("""
            delivery:
              dkim:
                - {domain: Example.com, selector: own, keyFile: %s}
                - domain: example.com
                  selector: shared
                  keyFile: %s
                  senderDomains: [Tenant.example]
                  authenticatedUsers: [relay-user]
            """
                .formatted(keyFile, keyFile))
            .delivery()
            .dkim();

    assertThat(keys.get(0).senderDomains()).containsExactly("example.com");
    assertThat(keys.get(0).authenticatedUsers()).isEmpty();
    assertThat(keys.get(1).senderDomains()).containsExactly("tenant.example");
    assertThat(keys.get(1).authenticatedUsers()).containsExactly("relay-user");
  }

  @Test
  void senderDomainThatIsNoDomainIsRefusedNamingTheField() throws Exception {
    Path keyFile = ed25519Key(dir.resolve("dkim.pem"));

    assertThatThrownBy(
            () ->
                load(
                    """
                    delivery:
                      dkim:
                        - {domain: example.com, selector: s, keyFile: %s, senderDomains: ["*"]}
                    """
                        .formatted(keyFile)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("senderDomains: is not a domain name: *");
  }

  @Test
  void policyInLowerCaseIsRefusedNamingTheField() {
    assertThatThrownBy(() -> load("delivery: {shaping: {defaults: {tls: required}}}\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("delivery.shaping.defaults.tls: cannot use required");
  }

  @Test
  void unusableKeyFileStopsTheStartNamingTheField() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.pem"), "not a key\n");

    assertThatThrownBy(
            () ->
                load(
                    "delivery: {dkim: [{domain: example.com, selector: s1, keyFile: %s}]}\n"
                        .formatted(bad)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("delivery.dkim[0].keyFile: ")
        .hasMessageContaining("bad.pem");
  }

  @Test
  void caFileWithoutCertificatesIsRefusedNamingTheField() throws IOException {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "nothing here\n");

    assertThatThrownBy(() -> load("delivery: {tlsCaFile: %s}\n".formatted(notPem)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("delivery.tlsCaFile: ")
        .hasMessageContaining("ca.pem");
  }

  @Test
  void missingCaFileIsRefusedNamingTheField() {
    assertThatThrownBy(() -> load("delivery: {tlsCaFile: %s}\n".formatted(dir.resolve("none"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("delivery.tlsCaFile: cannot read file");
  }

  /** A fresh Ed25519 key as unencrypted PKCS#8 PEM. */
  static Path ed25519Key(Path file) throws Exception {
    byte[] der =
        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
    return Files.writeString(
        file,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(der)
            + "\n-----END PRIVATE KEY-----\n");
  }
}
