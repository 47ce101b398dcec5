package io.mailfleet.mta.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads (and {@link #format}s) durations written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code
 * 1h} or ISO-8601.
 */
public final class DurationText extends StdScalarDeserializer<Duration> {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  DurationText() {
    super(Duration.class);
  }

  @Override
  public Duration deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    String text = parser.getValueAsString();
    if (text == null) {
      return (Duration) context.handleUnexpectedToken(Duration.class, parser);
    }
    try {
      return parse(text.trim());
    } catch (IllegalArgumentException e) {
      return (Duration) context.handleWeirdStringValue(Duration.class, text, e.getMessage());
    }
  }

  /**
   * {@code d} in the largest unit that holds it exactly ({@code 72h}, {@code 90m}, {@code 45s},
   * {@code 500ms}): what {@link #parse} reads back as the same duration.
   */
  public static String format(Duration d) {
    if (d.isNegative() || d.toNanosPart() % 1_000_000 != 0) {
      return d.toString();
    }
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is accepted. */
  public static Duration parse(String text) {
    Matcher m = SHORT.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not a duration (use 500ms, 30s, 5m, 1h or ISO-8601 such as PT5M)", e);
    }
  }
}
