package io.mailfleet.mta.queue;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A host to connect to for a destination: an MX host or a smarthost.
 *
 * @param host a host name or IP address literal
 * @param port the TCP port (25 for MX hosts)
 * @param name the name the server's TLS certificate must match: the MX host name when {@code host}
 *     is one of its addresses, else {@code host}
 */
public record NextHop(String host, int port, String name) {

  public NextHop {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(name, "name");
    if (host.isBlank() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("not a next hop: " + host + ":" + port);
    }
  }

  /** A hop whose certificate must match {@code host} itself. */
  public NextHop(String host, int port) {
    this(host, port, host);
  }

  /** Parses {@code host:port} (an IPv6 literal in brackets: {@code [::1]:25}). */
  public static NextHop parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not host:port: " + text);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new NextHop(host, Integer.parseInt(text.substring(colon + 1)));
  }

  /** The socket address, resolved now (for literals and static routes). */
  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
