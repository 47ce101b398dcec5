package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DotStufferTest {

  private final UnpooledByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;

  private String stuff(DotStuffer stuffer, String chunk) {
    byte[] bytes = chunk.getBytes(StandardCharsets.US_ASCII);
    ByteBuf out = stuffer.stuff(alloc, bytes, bytes.length);
    try {
      return out.toString(StandardCharsets.US_ASCII);
    } finally {
      out.release();
    }
  }

  private String tail(DotStuffer stuffer) {
    ByteBuf out = stuffer.tail(alloc);
    try {
      return out.toString(StandardCharsets.US_ASCII);
    } finally {
      out.release();
    }
  }

  @Test
  void lineStartingWithADotGetsAnotherOne() {
    DotStuffer stuffer = new DotStuffer();

    assertThat(stuff(stuffer, ".first\r\nmiddle.\r\n..two\r\n.\r\n"))
        .isEqualTo("..first\r\nmiddle.\r\n...two\r\n..\r\n");
  }

  @Test
  void dotAtTheStartOfALineSplitAcrossChunksIsStuffed() {
    DotStuffer stuffer = new DotStuffer();

    assertThat(stuff(stuffer, "line\r")).isEqualTo("line\r");
    assertThat(stuff(stuffer, "\n")).isEqualTo("\n");
    assertThat(stuff(stuffer, ".next\r\n")).isEqualTo("..next\r\n");
  }

  @Test
  void contentWithoutAFinalLineBreakGetsOneBeforeTheDot() {
    DotStuffer open = new DotStuffer();
    stuff(open, "no break at the end");
    DotStuffer closed = new DotStuffer();
    stuff(closed, "a break at the end\r\n");

    assertThat(tail(open)).isEqualTo("\r\n");
    assertThat(tail(closed)).isEmpty();
  }

  @Test
  void lineBreakSplitAcrossChunksEndsTheContent() {
    DotStuffer stuffer = new DotStuffer();
    stuff(stuffer, "last line\r");
    stuff(stuffer, "\n");

    assertThat(tail(stuffer)).isEmpty();
  }
}
