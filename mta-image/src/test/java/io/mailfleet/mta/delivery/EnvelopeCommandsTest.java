package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MAIL and RCPT lines as the server will read them, non-ASCII addresses included. */
class EnvelopeCommandsTest {

  private static String written(ByteBuf line) {
    try {
      byte[] bytes = new byte[line.readableBytes()];
      line.readBytes(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } finally {
      line.release();
    }
  }

  @Test
  void mailCarriesItsParametersAfterThePath() {
    assertThat(
            written(
                EnvelopeCommands.mail(
                    ByteBufAllocator.DEFAULT,
                    "a@example.org",
                    List.of("SIZE=10", "BODY=8BITMIME"))))
        .isEqualTo("MAIL FROM:<a@example.org> SIZE=10 BODY=8BITMIME\r\n");
    assertThat(written(EnvelopeCommands.mail(ByteBufAllocator.DEFAULT, "", List.of())))
        .isEqualTo("MAIL FROM:<>\r\n");
  }

  @Test
  void nonAsciiAddressIsWrittenAsUtf8NotAsQuestionMarks() {
    ByteBuf line = EnvelopeCommands.rcpt(ByteBufAllocator.DEFAULT, "jörg@bücher.example");

    assertThat(line.readableBytes())
        .isEqualTo("RCPT TO:<jörg@bücher.example>\r\n".getBytes(StandardCharsets.UTF_8).length);
    assertThat(written(line)).isEqualTo("RCPT TO:<jörg@bücher.example>\r\n");
  }
}
