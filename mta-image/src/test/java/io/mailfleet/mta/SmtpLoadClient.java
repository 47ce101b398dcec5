package io.mailfleet.mta;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SMTP session sending generated messages back to back until the server goes away; records each
 * message the server answered 250 to DATA for. Message {@code n} carries {@code X-Load-Seed: n} and
 * a body derived from {@code n}.
 */
final class SmtpLoadClient implements Runnable {

  /** A message the server acknowledged, with its reply. */
  record Accepted(int seed, String reply) {}

  /** A reply the session did not expect: a refusal under load, not the kill. */
  static final class UnexpectedReply extends IOException {
    private static final long serialVersionUID = 1L;

    UnexpectedReply(String message) {
      super(message);
    }
  }

  private final String host;
  private final int port;
  private final AtomicInteger seeds;
  private final Queue<Accepted> accepted;
  private final Queue<String> refusals;

  SmtpLoadClient(
      String host,
      int port,
      AtomicInteger seeds,
      Queue<Accepted> accepted,
      Queue<String> refusals) {
    this.host = host;
    this.port = port;
    this.seeds = seeds;
    this.accepted = accepted;
    this.refusals = refusals;
  }

  @Override
  public void run() {
    try (Socket socket = new Socket(host, port)) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      expect(in, "220");
      send(out, "EHLO load.example.com\r\n");
      expect(in, "250");
      while (true) {
        int seed = seeds.getAndIncrement();
        send(out, "MAIL FROM:<load-" + seed + "@example.com>\r\n");
        expect(in, "250");
        send(out, "RCPT TO:<rcpt-" + seed + "@example.org>\r\n");
        expect(in, "250");
        send(out, "DATA\r\n");
        expect(in, "354");
        send(out, headerFor(seed) + "\r\n" + bodyFor(seed) + ".\r\n");
        String reply = expect(in, "250");
        accepted.add(new Accepted(seed, reply));
      }
    } catch (UnexpectedReply e) {
      refusals.add(e.getMessage());
    } catch (IOException e) {
      // Connection reset or closed: the server was killed; what got 250 is in `accepted`.
      return;
    }
  }

  /** The header block of message {@code seed} (the server may prepend or add fields). */
  static String headerFor(int seed) {
    return "From: <load-"
        + seed
        + "@example.com>\r\n"
        + "To: <rcpt-"
        + seed
        + "@example.org>\r\n"
        + "Subject: load "
        + seed
        + "\r\n"
        + "Message-ID: <"
        + seed
        + "@load.example.com>\r\n"
        + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
        + "X-Load-Seed: "
        + seed
        + "\r\n";
  }

  /** The body of message {@code seed}: 10 to 1,500 lines of 76 letters, CRLF-terminated. */
  static String bodyFor(int seed) {
    Random random = new Random(seed);
    int lines = 10 + random.nextInt(1_490);
    StringBuilder b = new StringBuilder(lines * 78);
    for (int i = 0; i < lines; i++) {
      for (int c = 0; c < 76; c++) {
        b.append((char) ('a' + random.nextInt(26)));
      }
      b.append("\r\n");
    }
    return b.toString();
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads one (possibly multi-line) reply; a code other than {@code code} ends the session. */
  private static String expect(BufferedReader in, String code) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed");
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    if (!line.startsWith(code)) {
      throw new UnexpectedReply("expected " + code + ", got: " + line);
    }
    return line;
  }
}
