package io.mailfleet.mta;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One SMTP session driven line by line; each call returns the server's (last) reply line. */
final class SmtpDialogue implements AutoCloseable {

  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  private final String greeting;

  SmtpDialogue(InetSocketAddress server) throws IOException {
    socket = new Socket(server.getAddress(), server.getPort());
    socket.setSoTimeout(30_000);
    in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    out = socket.getOutputStream();
    greeting = reply();
  }

  String greeting() {
    return greeting;
  }

  /** Sends {@code line} (without CRLF) and returns the reply. */
  String send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return reply();
  }

  /** Sends message content (CRLF lines, none starting with a dot) and the final dot. */
  String data(String content) throws IOException {
    return send(content.stripTrailing() + "\r\n.");
  }

  private String reply() throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("server closed the connection");
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    return line;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
