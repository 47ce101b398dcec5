package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.TlsPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EHLO parsing, the MAIL FROM parameters chosen from it, and the STARTTLS step per policy. */
class MailParametersTest {

  private static final EhloCapabilities ALL =
      EhloCapabilities.parse(
          List.of(
              "mx.example greets you",
              "PIPELINING",
              "SIZE 1000",
              "8BITMIME",
              "SMTPUTF8",
              "STARTTLS",
              "ENHANCEDSTATUSCODES"));

  private static final EhloCapabilities NONE =
      EhloCapabilities.parse(List.of("mx.example greets you"));

  @Test
  void ehloReplyKeywordsAreReadCaseInsensitivelyWithTheSizeLimit() {
    EhloCapabilities server =
        EhloCapabilities.parse(List.of("hi", "pipelining", "size 52428800", "starttls"));

    assertThat(server.pipelining()).isTrue();
    assertThat(server.startTls()).isTrue();
    assertThat(server.size()).isTrue();
    assertThat(server.sizeLimit()).isEqualTo(52_428_800);
    assertThat(server.eightBitMime()).isFalse();
    assertThat(ALL.sizeLimit()).isEqualTo(1000);
  }

  @Test
  void sizeIsSentWhenOfferedAndBodyOnlyForEightBitContent() {
    assertThat(MailParameters.choose(ALL, 500, false, false))
        .isEqualTo(new MailParameters.Send(List.of("SIZE=500")));
    assertThat(MailParameters.choose(ALL, 500, true, false))
        .isEqualTo(new MailParameters.Send(List.of("SIZE=500", "BODY=8BITMIME")));
    assertThat(MailParameters.choose(ALL, 500, true, true))
        .isEqualTo(new MailParameters.Send(List.of("SIZE=500", "BODY=8BITMIME", "SMTPUTF8")));
  }

  @Test
  void serverWithoutExtensionsGetsNoParametersEvenForEightBitContent() {
    assertThat(MailParameters.choose(NONE, 5_000_000, true, false))
        .isEqualTo(new MailParameters.Send(List.of()));
    assertThat(MailParameters.choose(EhloCapabilities.HELO_ONLY, 10, true, false))
        .isEqualTo(new MailParameters.Send(List.of()));
  }

  @Test
  void messageLargerThanTheAdvertisedSizeFailsPermanentlyWithoutSending() {
    assertThat(MailParameters.choose(ALL, 1001, false, false))
        .isInstanceOfSatisfying(
            MailParameters.Refuse.class, r -> assertThat(r.reply()).startsWith("552 5.3.4 "));
    EhloCapabilities unlimited = EhloCapabilities.parse(List.of("hi", "SIZE 0"));
    assertThat(MailParameters.choose(unlimited, 1L << 40, false, false))
        .isEqualTo(new MailParameters.Send(List.of("SIZE=" + (1L << 40))));
  }

  @Test
  void nonAsciiEnvelopeNeedsSmtpUtf8FromTheServerOrFailsPermanently() {
    assertThat(MailParameters.needsUtf8("jörg@example.de")).isTrue();
    assertThat(MailParameters.needsUtf8("joerg@example.de")).isFalse();
    assertThat(MailParameters.choose(NONE, 10, false, true))
        .isInstanceOfSatisfying(
            MailParameters.Refuse.class, r -> assertThat(r.reply()).startsWith("553 5.6.7 "));
  }

  @Test
  void startTlsIsUsedWheneverOfferedAndOnlyOpportunisticPolicyGoesOnInClearText() {
    for (TlsPolicy policy : TlsPolicy.values()) {
      assertThat(StartTlsStep.decide(policy, true)).isEqualTo(StartTlsStep.START_TLS);
    }
    assertThat(StartTlsStep.decide(TlsPolicy.OPPORTUNISTIC, false))
        .isEqualTo(StartTlsStep.CLEAR_TEXT);
    assertThat(StartTlsStep.decide(TlsPolicy.REQUIRED, false)).isEqualTo(StartTlsStep.DEFER);
    assertThat(StartTlsStep.decide(TlsPolicy.VERIFIED, false)).isEqualTo(StartTlsStep.DEFER);
    assertThat(TlsPolicy.VERIFIED.verifiesCertificate()).isTrue();
    assertThat(TlsPolicy.REQUIRED.verifiesCertificate()).isFalse();
  }
}
