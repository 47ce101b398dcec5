package io.mailfleet.mta.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The header fields of a message (RFC 5322 2.2), read from the start of its content up to the empty
 * line, which is consumed: the stream is left at the first body octet. Each field is kept raw,
 * continuation lines included, one char per octet (ISO-8859-1) so the octets round-trip.
 *
 * @param fields the raw fields in order, each without its final CRLF
 */
record HeaderSection(List<String> fields) {

  HeaderSection {
    fields = List.copyOf(fields);
  }

  /** Reads the header section; empty when it is longer than {@code maxBytes}. */
  static Optional<HeaderSection> read(InputStream in, int maxBytes) throws IOException {
    List<String> fields = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    StringBuilder field = null;
    long total = 0;
    int b;
    while ((b = in.read()) >= 0) {
      if (++total > maxBytes) {
        return Optional.empty();
      }
      if (b != '\n') {
        line.write(b);
        continue;
      }
      String text = line.toString(StandardCharsets.ISO_8859_1);
      line.reset();
      String content = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      if (content.isEmpty()) {
        break;
      }
      boolean continuation = content.charAt(0) == ' ' || content.charAt(0) == '\t';
      if (continuation && field != null) {
        field.append("\r\n").append(content);
      } else {
        if (field != null) {
          fields.add(field.toString());
        }
        field = new StringBuilder(content);
      }
    }
    if (line.size() > 0) {
      // Content that ends inside the header section without a line break.
      String rest = line.toString(StandardCharsets.ISO_8859_1);
      boolean continuation = rest.charAt(0) == ' ' || rest.charAt(0) == '\t';
      if (continuation && field != null) {
        field.append("\r\n").append(rest);
      } else {
        if (field != null) {
          fields.add(field.toString());
        }
        field = new StringBuilder(rest);
      }
    }
    if (field != null) {
      fields.add(field.toString());
    }
    return Optional.of(new HeaderSection(fields));
  }

  /** The fields named {@code name} (case-insensitive), in order. */
  List<String> named(String name) {
    List<String> matching = new ArrayList<>();
    for (String field : fields) {
      if (nameOf(field).equalsIgnoreCase(name)) {
        matching.add(field);
      }
    }
    return matching;
  }

  /**
   * The domain of the first address in the first From field, lower case; empty when there is no
   * From or no address in it.
   */
  Optional<String> fromDomain() {
    List<String> from = named("From");
    if (from.isEmpty()) {
      return Optional.empty();
    }
    String value = from.get(0).substring(from.get(0).indexOf(':') + 1).replaceAll("\\s+", " ");
    int open = value.indexOf('<');
    String address =
        open >= 0 && value.indexOf('>', open) > open
            ? value.substring(open + 1, value.indexOf('>', open))
            : value.split(",")[0].replaceAll("\\(.*?\\)", "");
    int at = address.lastIndexOf('@');
    if (at < 0) {
      return Optional.empty();
    }
    String domain = address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
  }

  private static String nameOf(String field) {
    int colon = field.indexOf(':');
    return colon < 0 ? "" : field.substring(0, colon).strip();
  }
}
