package io.mailfleet.mta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.smtp.SmtpInput.CommandLine;
import io.mailfleet.mta.smtp.SmtpInput.DataDefect;
import io.mailfleet.mta.smtp.SmtpInput.EndOfData;
import io.mailfleet.mta.smtp.SmtpInput.OverlongCommandLine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The line codec on its own: command lines, DATA content, the end of data, smuggling. */
class SmtpLineDecoderTest {

  /** What the decoder produced: commands, content text, end markers. */
  private static List<String> decode(String input, boolean data, int chunkSize) {
    SmtpLineDecoder decoder = new SmtpLineDecoder(512, 1000);
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    if (data) {
      decoder.receiveData();
    }
    byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < bytes.length; i += chunkSize) {
      int n = Math.min(chunkSize, bytes.length - i);
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, n));
    }
    List<String> out = new ArrayList<>();
    StringBuilder content = new StringBuilder();
    for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
      if (msg instanceof ByteBuf buf) {
        content.append(buf.toString(StandardCharsets.ISO_8859_1));
        buf.release();
        continue;
      }
      if (content.length() > 0) {
        out.add("content:" + content);
        content.setLength(0);
      }
      if (msg instanceof CommandLine line) {
        out.add("command:" + line.text());
      } else if (msg instanceof OverlongCommandLine) {
        out.add("overlong");
      } else if (msg instanceof EndOfData end) {
        out.add("end:" + end.defect());
      }
    }
    if (content.length() > 0) {
      out.add("content:" + content);
    }
    channel.finishAndReleaseAll();
    return out;
  }

  /** Decodes in one piece and split at every byte (and a few sizes between); all must agree. */
  private static List<String> decodeEveryWay(String input, boolean data) {
    List<String> whole = decode(input, data, Integer.MAX_VALUE);
    for (int chunk : new int[] {1, 2, 3, 5, 7}) {
      assertThat(decode(input, data, chunk)).as("input in %d-byte chunks", chunk).isEqualTo(whole);
    }
    return whole;
  }

  /**
   * For defective data: where content stops depends on where the defect falls in a read, so only
   * the events (not the content already passed on) must agree between chunkings.
   */
  private static List<String> eventsEveryWay(String input) {
    List<String> whole = events(decode(input, true, Integer.MAX_VALUE));
    for (int chunk : new int[] {1, 2, 3, 5, 7}) {
      assertThat(events(decode(input, true, chunk)))
          .as("input in %d-byte chunks", chunk)
          .isEqualTo(whole);
    }
    return whole;
  }

  private static List<String> events(List<String> decoded) {
    return decoded.stream().filter(item -> !item.startsWith("content:")).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\n", "\n"})
  void commandLinesEndAtLineFeedWithOrWithoutCarriageReturn(String ending) {
    assertThat(decodeEveryWay("EHLO a" + ending + "NOOP" + ending, false))
        .containsExactly("command:EHLO a", "command:NOOP");
  }

  @ParameterizedTest
  @ValueSource(ints = {511, 512, 513, 2000})
  void commandLineLongerThanTheLimitIsDiscardedWhole(int length) {
    String line = "X".repeat(length - 2) + "\r\n";
    List<String> out = decodeEveryWay(line + "NOOP\r\n", false);
    assertThat(out.get(0)).isEqualTo(length > 512 ? "overlong" : "command:" + line.trim());
    assertThat(out).last().isEqualTo("command:NOOP");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, Integer.MAX_VALUE})
  void dataIsUnstuffedAndEndsAtCrLfDotCrLf(int chunk) {
    String input = "Subject: x\r\n\r\n..a\r\n.\r\nNOOP\r\n";
    assertThat(decode(input, true, chunk))
        .containsExactly("content:Subject: x\r\n\r\n.a\r\n", "end:null", "command:NOOP");
  }

  @ParameterizedTest
  @ValueSource(strings = {".\r\n", "..\r\n.\r\n", "...x\r\n.\r\n"})
  void dotsAtLineStartAreUnstuffed(String input) {
    String expected = input.substring(0, input.length() - 3).replaceAll("(?m)^\\.", "");
    List<String> out = decodeEveryWay(input, true);
    assertThat(out).last().isEqualTo("end:null");
    if (!expected.isEmpty()) {
      assertThat(out.get(0)).isEqualTo("content:" + expected);
    }
  }

  static Stream<Arguments> smuggling() {
    return Stream.of(
        Arguments.of("bare LF", "a\nb\r\n.\r\n"),
        Arguments.of("bare CR", "a\rb\r\n.\r\n"),
        Arguments.of("<LF>.<LF>", "a\n.\nMAIL FROM:<x@evil.example>\r\n.\r\n"),
        Arguments.of("<CR>.<CR>", "a\r.\rMAIL FROM:<x@evil.example>\r\n.\r\n"),
        Arguments.of("<CR><LF>.<LF>", "a\r\n.\nMAIL FROM:<x@evil.example>\r\n.\r\n"),
        Arguments.of("<LF>.<CR><LF>", "a\n.\r\nMAIL FROM:<x@evil.example>\r\n.\r\n"),
        Arguments.of("<CR><LF>.<CR>", "a\r\n.\rMAIL FROM:<x@evil.example>\r\n.\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smuggling")
  void bareLineEndingsNeverEndTheDataAndMarkItDefective(String name, String input) {
    List<String> out = eventsEveryWay(input + "QUIT\r\n");

    assertThat(out).containsExactly("end:" + DataDefect.BARE_LINE_ENDING, "command:QUIT");
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1001})
  void textLineLongerThanTheLimitMarksTheDataDefective(int lineLength) {
    String input = "y".repeat(lineLength - 2) + "\r\n.\r\n";
    List<String> out = eventsEveryWay(input);
    assertThat(out)
        .last()
        .isEqualTo(lineLength > 1000 ? "end:" + DataDefect.LINE_TOO_LONG : "end:null");
  }
}
