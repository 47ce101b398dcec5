package io.mailfleet.operator.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the CRDs spell them ({@code 10m}, {@code 1h30m}, {@code 45s}). */
public final class KubernetesDuration {

  // The same shape the CRD schema admits (SchemaPatterns.DURATION), read unit by unit.
  private static final Pattern WHOLE = Pattern.compile("([0-9]+(h|m|s))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(h|m|s)");

  private KubernetesDuration() {}

  /** Reads {@code text}; the API server has already refused anything else, so this throws. */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("not a duration such as 10m or 1h30m: " + text);
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      long n = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
    }
    return total;
  }
}
