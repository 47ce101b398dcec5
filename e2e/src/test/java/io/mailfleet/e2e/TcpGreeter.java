package io.mailfleet.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A program that {@link NodeE2E} runs inside pods of the local base image: {@code serve PORT}
 * answers every TCP connection with one line naming the pod; {@code ask HOST PORT} prints the line
 * a server answers and exits 0, or exits 1 when none answers.
 *
 * <p>It is shipped to the pods as its class file in a ConfigMap, so it must stay one top-level
 * class with no nested or anonymous classes.
 */
public final class TcpGreeter {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private TcpGreeter() {}

  /** Runs {@code serve PORT} or {@code ask HOST PORT}. */
  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("serve")) {
      serve(Integer.parseInt(args[1]));
    } else if (args.length == 3 && args[0].equals("ask")) {
      System.exit(ask(args[1], Integer.parseInt(args[2])) ? 0 : 1);
    } else {
      System.err.println("usage: TcpGreeter serve PORT | ask HOST PORT");
      System.exit(2);
    }
  }

  private static void serve(int port) throws IOException {
    byte[] greeting =
        ("hello from " + System.getenv("HOSTNAME") + "\n").getBytes(StandardCharsets.UTF_8);
    try (ServerSocket server = new ServerSocket(port)) {
      System.out.println("listening on " + port);
      while (true) {
        try (Socket connection = server.accept()) {
          OutputStream out = connection.getOutputStream();
          out.write(greeting);
          out.flush();
        }
      }
    }
  }

  private static boolean ask(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line = reader.readLine();
      System.out.println(line);
      return line != null;
    } catch (IOException e) {
      System.err.println("no answer from " + host + ":" + port + ": " + e);
      return false;
    }
  }
}
