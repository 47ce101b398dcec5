package io.mailfleet.mta.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One SMTP reply, possibly multi-line, immutable.
 *
 * @param code the three-digit reply code
 * @param enhancedCode the RFC 3463 status code put before the text of every line, or null (the
 *     greeting and EHLO lines carry none)
 * @param lines the text lines, at least one
 */
public record SmtpReply(int code, String enhancedCode, List<String> lines) {

  public SmtpReply {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("not a reply code: " + code);
    }
    if (enhancedCode != null && enhancedCode.charAt(0) != Integer.toString(code).charAt(0)) {
      throw new IllegalArgumentException(enhancedCode + " does not fit reply code " + code);
    }
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a reply needs at least one line");
    }
    for (String line : lines) {
      if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("reply text must not contain CR or LF: " + line);
      }
    }
  }

  /** A one-line reply. */
  public static SmtpReply of(int code, String enhancedCode, String text) {
    return new SmtpReply(code, Objects.requireNonNull(enhancedCode), List.of(text));
  }

  /** Whether the client should take this as a failure (4xx or 5xx). */
  public boolean isError() {
    return code >= 400;
  }

  /** The reply as it goes on the wire, every line ending in CRLF. */
  public byte[] encode() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
      if (enhancedCode != null) {
        out.append(enhancedCode).append(' ');
      }
      out.append(lines.get(i)).append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return new String(encode(), StandardCharsets.UTF_8).trim();
  }
}
