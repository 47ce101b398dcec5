package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A plain SMTP client that submits one message to the MTA and checks each reply code. */
final class SmtpSubmitter {

  private SmtpSubmitter() {}

  /**
   * Submits {@code content} (CRLF lines, not dot-stuffed) from {@code sender} to {@code
   * recipients}.
   */
  static void submit(InetSocketAddress mta, String sender, List<String> recipients, String content)
      throws IOException {
    submit(mta, "HELO client.test", "MAIL FROM:<" + sender + ">", recipients, content);
  }

  /**
   * Submits over EHLO with {@code mailParameters} after MAIL FROM (such as {@code SMTPUTF8});
   * addresses and content may hold any Unicode, sent as UTF-8.
   */
  static void submitUtf8(
      InetSocketAddress mta,
      String sender,
      String mailParameters,
      List<String> recipients,
      String content)
      throws IOException {
    submit(
        mta,
        "EHLO client.test",
        utf8("MAIL FROM:<" + sender + "> " + mailParameters),
        recipients.stream().map(SmtpSubmitter::utf8).toList(),
        utf8(content));
  }

  /** The UTF-8 octets of {@code text}, one char each, as the socket writes them. */
  private static String utf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static void submit(
      InetSocketAddress mta, String greeting, String mail, List<String> recipients, String content)
      throws IOException {
    try (Socket socket = new Socket(mta.getAddress(), mta.getPort())) {
      socket.setSoTimeout(30_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      expect(in, "220");
      command(out, in, greeting, "250");
      command(out, in, mail, "250");
      for (String recipient : recipients) {
        command(out, in, "RCPT TO:<" + recipient + ">", "250");
      }
      command(out, in, "DATA", "354");
      StringBuilder stuffed = new StringBuilder();
      for (String line : content.split("\r\n", -1)) {
        stuffed.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
      }
      command(out, in, stuffed.toString().stripTrailing() + "\r\n.", "250");
      command(out, in, "QUIT", "221");
    }
  }

  private static void command(OutputStream out, BufferedReader in, String line, String code)
      throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    expect(in, code);
  }

  private static void expect(BufferedReader in, String code) throws IOException {
    String reply;
    do {
      reply = in.readLine();
      assertThat(reply).as("reply").isNotNull().startsWith(code);
    } while (reply.charAt(3) == '-');
  }
}
