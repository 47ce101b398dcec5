package io.mailfleet.mta.smtp.command;

/**
 * The RFC 5321 4.1.2 {@code Mailbox} grammar (with RFC 6531 UTF-8 where the transaction allows it),
 * and the 4.5.3.1 length limits.
 */
final class MailboxSyntax {

  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

  private MailboxSyntax() {}

  /** Whether {@code address} is {@code local-part@domain}. */
  static boolean isMailbox(String address) {
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1 || address.length() > 254) {
      return false;
    }
    String local = address.substring(0, at);
    String domain = address.substring(at + 1);
    return isLocalPart(local) && isDomain(domain);
  }

  /** Whether any character is outside US-ASCII (and so needs SMTPUTF8). */
  static boolean isNonAscii(String text) {
    return text.chars().anyMatch(c -> c > 127);
  }

  private static boolean isLocalPart(String local) {
    if (local.length() > 64) {
      return false;
    }
    if (local.startsWith("\"")) {
      return isQuotedString(local);
    }
    for (String atom : local.split("\\.", -1)) {
      if (atom.isEmpty() || !atom.chars().allMatch(MailboxSyntax::isAtext)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isQuotedString(String text) {
    if (text.length() < 2 || !text.endsWith("\"")) {
      return false;
    }
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
        if (i >= text.length() - 1 || text.charAt(i) < 32 || text.charAt(i) > 126) {
          return false;
        }
      } else if (c == '"' || (c < 32) || c == 127) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAtext(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || ATEXT_SPECIALS.indexOf(c) >= 0
        || c > 127;
  }

  static boolean isDomain(String domain) {
    if (domain.startsWith("[")) {
      return domain.endsWith("]") && isAddressLiteral(domain.substring(1, domain.length() - 1));
    }
    if (domain.length() > 253) {
      return false;
    }
    for (String label : domain.split("\\.", -1)) {
      if (label.isEmpty()
          || label.length() > 63
          || label.startsWith("-")
          || label.endsWith("-")
          || !label.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAddressLiteral(String literal) {
    if (literal.regionMatches(true, 0, "IPv6:", 0, 5)) {
      return literal.length() > 5 && literal.substring(5).matches("[0-9A-Fa-f:.]+");
    }
    return literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}
