package io.mailfleet.mta.delivery;

import java.util.List;
import java.util.Locale;

/**
 * What a server said it supports in its EHLO reply (RFC 5321 4.1.1.1): the extensions outbound
 * delivery uses.
 *
 * @param extended whether EHLO was accepted (false after a fallback to HELO: no extensions)
 * @param pipelining PIPELINING (RFC 2920)
 * @param startTls STARTTLS (RFC 3207)
 * @param size SIZE (RFC 1870) was offered
 * @param sizeLimit the SIZE limit in octets; 0 when none was given or SIZE was not offered
 * @param eightBitMime 8BITMIME (RFC 6152)
 * @param smtpUtf8 SMTPUTF8 (RFC 6531)
 */
record EhloCapabilities(
    boolean extended,
    boolean pipelining,
    boolean startTls,
    boolean size,
    long sizeLimit,
    boolean eightBitMime,
    boolean smtpUtf8) {

  /** A server that only spoke HELO. */
  static final EhloCapabilities HELO_ONLY =
      new EhloCapabilities(false, false, false, false, 0, false, false);

  /** Parses the lines of a 250 reply to EHLO; the first line is the greeting, not a keyword. */
  static EhloCapabilities parse(List<? extends CharSequence> lines) {
    boolean pipelining = false;
    boolean startTls = false;
    boolean size = false;
    long sizeLimit = 0;
    boolean eightBitMime = false;
    boolean smtpUtf8 = false;
    for (CharSequence line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] words = line.toString().strip().toUpperCase(Locale.ROOT).split("\\s+");
      switch (words[0]) {
        case "PIPELINING" -> pipelining = true;
        case "STARTTLS" -> startTls = true;
        case "8BITMIME" -> eightBitMime = true;
        case "SMTPUTF8" -> smtpUtf8 = true;
        case "SIZE" -> {
          size = true;
          sizeLimit = words.length > 1 ? parseLimit(words[1]) : 0;
        }
        default -> {
          // An extension outbound delivery does not use.
        }
      }
    }
    return new EhloCapabilities(
        true, pipelining, startTls, size, sizeLimit, eightBitMime, smtpUtf8);
  }

  private static long parseLimit(String word) {
    try {
      return Math.max(0, Long.parseLong(word));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
