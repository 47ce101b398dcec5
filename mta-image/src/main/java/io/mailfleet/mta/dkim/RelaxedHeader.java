package io.mailfleet.mta.dkim;

import java.util.Locale;

/**
 * The "relaxed" header canonicalization (RFC 6376 3.4.2): lower-case name, unfolded value, runs of
 * whitespace as one space, none at the end of the value or around the colon.
 */
final class RelaxedHeader {

  private RelaxedHeader() {}

  /**
   * Canonicalizes one header field given as its raw text (name, colon, value, continuation lines,
   * without the final CRLF), one char per octet (ISO-8859-1). Returns it with the final CRLF.
   */
  static String canonicalize(String field) {
    int colon = field.indexOf(':');
    String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    String value = field.substring(colon + 1).replace("\r\n", "").replace("\n", "");
    StringBuilder out = new StringBuilder(field.length()).append(name).append(':');
    boolean space = false;
    boolean started = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t') {
        space = true;
      } else {
        if (space && started) {
          out.append(' ');
        }
        space = false;
        started = true;
        out.append(c);
      }
    }
    return out.append("\r\n").toString();
  }
}
