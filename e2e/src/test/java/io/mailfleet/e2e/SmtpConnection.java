package io.mailfleet.e2e;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One SMTP client connection speaking just what the fault tests need: a greeting, EHLO, and mail
 * transactions of one small message with a given Message-ID, one command at a time.
 */
final class SmtpConnection implements Closeable {

  /** One SMTP reply: its code and its last line. */
  record Reply(int code, String line) {
    boolean positive() {
      return code >= 200 && code < 400;
    }

    boolean transientFailure() {
      return code >= 400 && code < 500;
    }
  }

  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  private final Reply greeting;

  private SmtpConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = socket.getOutputStream();
    Reply banner = read();
    this.greeting = banner.positive() ? command("EHLO faults.e2e.example.com") : banner;
  }

  /** Connects, reads the greeting and says EHLO; every read waits at most {@code timeout}. */
  static SmtpConnection open(String host, int port, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      return new SmtpConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends one message with {@code messageId} from {@code sender} to {@code recipient}; returns the
   * reply that ended the transaction: the first refusal, or the reply to the final dot. After a
   * refusal the connection is left mid-transaction: close it.
   */
  Reply send(String sender, String recipient, String messageId) throws IOException {
    if (!greeting.positive()) {
      return greeting;
    }
    for (String step : new String[] {"MAIL FROM:<" + sender + ">", "RCPT TO:<" + recipient + ">"}) {
      Reply reply = command(step);
      if (!reply.positive()) {
        return reply;
      }
    }
    Reply data = command("DATA");
    if (data.code() != 354) {
      return data;
    }
    String message =
        "From: <"
            + sender
            + ">\r\nTo: <"
            + recipient
            + ">\r\nSubject: fault test\r\nMessage-ID: <"
            + messageId
            + ">\r\n\r\nSent by the fault tests; the Message-ID says which one.\r\n.\r\n";
    return write(message);
  }

  private Reply command(String line) throws IOException {
    return write(line + "\r\n");
  }

  private Reply write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return read();
  }

  /** Reads a reply to its last line ({@code 250 ...} after any {@code 250-...}). */
  private Reply read() throws IOException {
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new EOFException("the server closed the connection");
      }
      if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
        throw new IOException("not an SMTP reply: " + line);
      }
      if (line.length() == 3 || line.charAt(3) == ' ') {
        return new Reply(Integer.parseInt(line.substring(0, 3)), line);
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
