package io.mailfleet.mta.inject;

import java.util.regex.Pattern;

/**
 * Checks an envelope address the way RFC 5321 section 4.1.2 spells a mailbox: a dot-atom or quoted
 * local part, {@code @}, and a domain name or address literal. No display names, no angle brackets,
 * no source routes.
 */
final class MailboxAddress {

  private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\u0080-\\uFFFF]";
  private static final Pattern LOCAL_DOT_ATOM = Pattern.compile(ATEXT + "+(\\." + ATEXT + "+)*");
  private static final Pattern LOCAL_QUOTED =
      Pattern.compile("\"([\\x20\\x21\\x23-\\x5B\\x5D-\\x7E\\u0080-\\uFFFF]|\\\\[\\x20-\\x7E])*\"");
  private static final Pattern LABEL =
      Pattern.compile(
          "([A-Za-z0-9\\u0080-\\uFFFF]([A-Za-z0-9\\-\\u0080-\\uFFFF]{0,61}[A-Za-z0-9\\u0080-\\uFFFF])?)");
  private static final Pattern DOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern LITERAL = Pattern.compile("\\[(IPv6:)?[0-9A-Fa-f:.]+\\]");

  private MailboxAddress() {}

  /** Returns the problem with {@code address}, or null when it is a valid mailbox. */
  static String problemWith(String address) {
    if (address.length() > 254) {
      return "longer than 254 characters";
    }
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      return "not of the form local-part@domain: " + address;
    }
    String local = address.substring(0, at);
    String domain = address.substring(at + 1);
    if (local.length() > 64) {
      return "local part longer than 64 characters: " + address;
    }
    if (!LOCAL_DOT_ATOM.matcher(local).matches() && !LOCAL_QUOTED.matcher(local).matches()) {
      return "local part is not a dot-atom or quoted string: " + address;
    }
    if (!DOMAIN.matcher(domain).matches() && !LITERAL.matcher(domain).matches()) {
      return "domain is not a host name or address literal: " + address;
    }
    return null;
  }
}
