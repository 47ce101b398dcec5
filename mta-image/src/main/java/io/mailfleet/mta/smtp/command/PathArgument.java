package io.mailfleet.mta.smtp.command;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The argument of MAIL and RCPT: {@code FROM:<path> [params]} or {@code TO:<path> [params]} (RFC
 * 5321 4.1.1.2, 4.1.1.3).
 *
 * @param address the mailbox, {@code ""} for the null path {@code <>}; a source route is dropped
 * @param parameters ESMTP parameters by upper-case keyword; value null for a bare keyword
 */
record PathArgument(String address, Map<String, String> parameters) {

  /** Parses the argument after the verb, or returns empty when it does not fit the grammar. */
  static Optional<PathArgument> parse(String argument, String keyword) {
    if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
      return Optional.empty();
    }
    String rest = argument.substring(keyword.length()).stripLeading();
    if (!rest.startsWith("<")) {
      return Optional.empty();
    }
    int close = closingBracket(rest);
    if (close < 0) {
      return Optional.empty();
    }
    String path = dropSourceRoute(rest.substring(1, close));
    if (path == null) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    String params = rest.substring(close + 1);
    if (!params.isEmpty() && !params.startsWith(" ")) {
      return Optional.empty();
    }
    for (String param : params.trim().split(" +")) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String name = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
      if (!name.matches("[A-Z0-9][A-Z0-9-]*")
          || parameters.containsKey(name)
          || (eq >= 0 && eq == param.length() - 1)) {
        return Optional.empty();
      }
      parameters.put(name, eq < 0 ? null : param.substring(eq + 1));
    }
    return Optional.of(new PathArgument(path, parameters));
  }

  /** The closing {@code >}, skipping any inside a quoted local part. */
  private static int closingBracket(String text) {
    boolean quoted = false;
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '>' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  /** RFC 5321 4.1.2 / C: {@code @a,@b:user@c} is accepted and the route ignored. */
  private static String dropSourceRoute(String path) {
    if (!path.startsWith("@")) {
      return path;
    }
    int colon = path.indexOf(':');
    return colon < 0 ? null : path.substring(colon + 1);
  }
}
