package io.mailfleet.mta.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A block of client addresses in CIDR notation, such as {@code 10.0.0.0/8} or {@code ::1/128}.
 *
 * @param network the block's first address
 * @param prefixLength how many leading bits must match
 */
public record ClientNetwork(InetAddress network, int prefixLength) {

  public ClientNetwork {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length must be 0-" + bits + " for " + network.getHostAddress());
    }
  }

  /**
   * Parses {@code address/prefix} (a bare address means a single host). Only literal addresses: a
   * host name would need a DNS lookup, and a relay list must not change with DNS.
   */
  public static ClientNetwork parse(String cidr) {
    Objects.requireNonNull(cidr, "cidr");
    int slash = cidr.indexOf('/');
    String host = slash < 0 ? cidr : cidr.substring(0, slash);
    if (!host.matches("[0-9A-Fa-f:.]+") || !(host.contains(".") || host.contains(":"))) {
      throw new IllegalArgumentException("not an IP address literal: " + cidr);
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: " + cidr, e);
    }
    int bits = address.getAddress().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("prefix length is not a number: " + cidr, e);
    }
    return new ClientNetwork(address, prefix);
  }

  /** Whether the address lies in this block; IPv4 and IPv6 blocks never match each other. */
  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    byte[] base = network.getAddress();
    if (candidate.length != base.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != base[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xFF << (8 - remainingBits)) & 0xFF;
    return (candidate[fullBytes] & mask) == (base[fullBytes] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
