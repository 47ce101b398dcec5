package io.mailfleet.mta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The YAML file over the defaults, and the errors a wrong file gets. */
class ConfigLoaderTest {

  private final ConfigLoader loader = new ConfigLoader();

  @TempDir Path dir;

  private MtaConfig load(String yaml) throws IOException {
    return ConfigFile.load(dir, yaml);
  }

  @Test
  void defaultsListenOnLoopbackOnlyAndRelayForLoopbackOnly() {
    MtaConfig config = loader.defaults();

    assertThat(config.smtp().listeners())
        .singleElement()
        .satisfies(l -> assertThat(l.address()).isEqualTo("127.0.0.1"))
        .satisfies(l -> assertThat(l.port()).isEqualTo(2525));
    assertThat(config.admin().address()).isEqualTo("127.0.0.1");
    assertThat(config.inject().address()).isEqualTo("127.0.0.1");
    assertThat(config.smtp().relay().networks()).containsExactly("127.0.0.0/8", "::1/128");
    assertThat(config.spool().durability()).isEqualTo(Durability.FSYNC);
    assertThat(config.smtp().tls()).isNull();
    assertThat(config.smtp().auth()).isNull();
  }

  @Test
  void fileOverridesOnlyTheFieldsItNames() throws IOException {
    MtaConfig config =
        load(
            """
            hostname: mx1.example.com
            smtp:
              limits:
                maxRecipients: 500
              timeouts:
                command: 90s
            spool:
              durability: BATCHED
            """);

    assertThat(config.hostname()).isEqualTo("mx1.example.com");
    assertThat(config.smtp().limits().maxRecipients()).isEqualTo(500);
    assertThat(config.smtp().limits().maxMessageSize()).isEqualTo(26_214_400);
    assertThat(config.smtp().timeouts().command()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.smtp().timeouts().dataBlock()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.spool().durability()).isEqualTo(Durability.BATCHED);
  }

  @Test
  void authRequiresTlsUnlessToldOtherwise() throws IOException {
    Path users = Files.writeString(dir.resolve("users"), "app:pw\n");

    MtaConfig config = load("smtp:\n  auth:\n    usersFile: " + users + "\n");

    assertThat(config.smtp().auth().requireTls()).isTrue();
  }

  @Test
  void wideRelayNetworksPassOnlyWithTheExplicitFlagAndUniqueLocalIpv6IsNotWide()
      throws IOException {
    MtaConfig wide =
        load(
            "smtp:\n  relay:\n    networks: [0.0.0.0/1, 128.0.0.0/1]\n"
                + "    allowWideRelayNetworks: true\n");
    MtaConfig unique = load("smtp:\n  relay:\n    networks: ['fd00::/8', 10.0.0.0/8]\n");

    assertThat(wide.smtp().relay().networks()).containsExactly("0.0.0.0/1", "128.0.0.0/1");
    assertThat(unique.smtp().relay().allowWideRelayNetworks()).isFalse();
  }

  @Test
  void proxyListenerKeepsItsTrustedSourcesAndAShortHeaderTimeoutByDefault() throws IOException {
    MtaConfig config =
        load(
            "smtp:\n  listeners:\n    - {name: lb, address: 0.0.0.0, port: 25, proxyProtocol: true,"
                + " trustedProxies: [10.1.0.0/16]}\n");

    ListenerConfig listener = config.smtp().listeners().get(0);
    assertThat(listener.trustedProxies()).containsExactly("10.1.0.0/16");
    assertThat(listener.proxyHeaderTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(loader.defaults().smtp().listeners().get(0).trustedProxies()).isEmpty();
  }

  @Test
  void listenerBeyondLoopbackLoadsWithItsTokenFileAndLoopbackNeedsNone() throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "s3cret\n");

    MtaConfig open =
        load(
            "admin: {address: 0.0.0.0, tokenFile: "
                + token
                + "}\ninject: {address: '::', tokenFile: "
                + token
                + "}\n");
    MtaConfig local = load("admin: {address: '::1'}\ninject: {address: localhost}\n");

    assertThat(open.admin().tokenFile()).isEqualTo(token);
    assertThat(open.inject().tokenFile()).isEqualTo(token);
    assertThat(local.admin().tokenFile()).isNull();
    assertThat(local.inject().tokenFile()).isNull();
  }

  @Test
  void emptyTokenFileIsRefusedWithItsField() throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "\n");

    assertThatThrownBy(() -> load("admin: {address: 0.0.0.0, tokenFile: " + token + "}\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("admin.tokenFile: holds no token");
  }

  @Test
  void emptyFileMeansTheDefaults() throws IOException {
    assertThat(load("")).isEqualTo(loader.defaults());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          smtp: {limits: {maxRecipients: 0}}                  | smtp.limits.maxRecipients: must be between 1 and 100000, was 0
          smtp: {listeners: [{name: a, address: 0.0.0.0, port: 25, proxyProtocol: true, trustedProxies: [10.0.0.0/8]}, {name: b, address: 0.0.0.0, port: 70000, proxyProtocol: false}]} | smtp.listeners[1].port: must be between 0 and 65535, was 70000
          smtp: {listeners: [{name: a, address: 0.0.0.0, proxyProtocol: true}]} | smtp.listeners[0].port: is required
          smtp: {relay: {networks: [0.0.0.0/0]}}              | smtp.relay.networks[0]: 0.0.0.0/0 would make this MTA an open relay
          smtp: {relay: {networks: [10.0.0.0/8, 0.0.0.0/1, 128.0.0.0/1]}} | smtp.relay.networks[1]: 0.0.0.0/1 is wider than /8 and risks making this MTA an open relay; list narrower networks, or set smtp.relay.allowWideRelayNetworks: true
          smtp: {relay: {networks: ['2001:db8::/31']}}       | smtp.relay.networks[0]: 2001:db8:0:0:0:0:0:0/31 is wider than /32
          smtp: {listeners: [{name: lb, address: 0.0.0.0, port: 25, proxyProtocol: true}]} | smtp.listeners[0].trustedProxies: must list the load balancer's source networks (CIDR) when proxyProtocol is true
          smtp: {listeners: [{name: lb, address: 0.0.0.0, port: 25, proxyProtocol: true, trustedProxies: [lb.example.com]}]} | smtp.listeners[0].trustedProxies[0]: not an IP address literal: lb.example.com
          smtp: {relay: {networks: [mail.example.com]}}       | smtp.relay.networks[0]: not an IP address literal: mail.example.com
          smtp: {timeouts: {command: soon}}                   | smtp.timeouts.command: cannot use soon
          smtp: {limitz: {}}                                  | smtp.limitz: unknown field
          smtp: {tls: {certificateFile: /no/such.crt, privateKeyFile: /no/such.key}} | smtp.tls.certificateFile: cannot read file /no/such.crt
          spool: {durability: SOMETIMES}                      | spool.durability: cannot use SOMETIMES
          hostname: 'bad host'                                | hostname: is not a domain name: bad host
          smtp: {listeners: []}                               | smtp.listeners: needs at least one listener
          admin: {address: 0.0.0.0}                           | admin.tokenFile: is required when the listener binds 0.0.0.0, beyond loopback: set tokenFile
          inject: {address: 10.1.2.3}                         | inject.tokenFile: is required when the listener binds 10.1.2.3, beyond loopback
          admin: {address: mta.example.com}                   | admin.tokenFile: is required
          admin: {address: 0.0.0.0, tokenFile: /no/such/token} | admin.tokenFile: cannot read file /no/such/token
          """)
  void badValueIsReportedWithItsFieldPath(String yaml, String message) {
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void notYamlIsReportedWithTheFileName() {
    assertThatThrownBy(() -> load("smtp: [unclosed"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("mta.yaml: is not valid YAML");
  }
}
