package io.mailfleet.mta.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.mta.queue.NextHop;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing {@code {"peer": "host:port"}}. */
class TransferRequestTest {

  private static TransferRequest parse(String json) throws InvalidTransferRequest {
    return TransferRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void hostNameAndPortArePeer() throws Exception {
    assertThat(parse("{\"peer\": \"mta-1.mta.mail.svc:2525\"}").peer())
        .isEqualTo(new NextHop("mta-1.mta.mail.svc", 2525));
  }

  @Test
  void bracketedIpv6LiteralIsPeer() throws Exception {
    assertThat(parse("{\"peer\": \"[fd00::12]:25\"}").peer())
        .isEqualTo(new NextHop("fd00::12", 25));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "null",
        "{\"peer\": null}",
        "{\"peer\": \"\"}",
        "{\"peer\": \"host\"}",
        "{\"peer\": \"host:0\"}",
        "{\"peer\": \"host:99999\"}",
        "{\"peer\": \":25\"}",
        "{\"peer\": \"-host:25\"}",
        "{\"peer\": [\"host:25\"]}"
      })
  void unusableBodyIsRefused(String json) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidTransferRequest.class)
        .hasMessageMatching("(body|peer).*");
  }
}
