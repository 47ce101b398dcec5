package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When repeated temporary failures suspend delivery to a site: {@code deferrals} replies matching
 * {@code pattern} within {@code within} (a delivery in between starts the count again) pause the
 * site for {@code suspendFor}. Unset fields take 10, 10m, {@code ^4} and 15m.
 *
 * @param deferrals how many matching temporary failures suspend the site
 * @param within the window in which they must happen
 * @param pattern a Java regular expression found in the reply (such as {@code ^421})
 * @param suspendFor how long the site's jobs wait before it is tried again
 */
public record SuspensionRule(
    Integer deferrals, Duration within, String pattern, Duration suspendFor) {

  public SuspensionRule {
    deferrals = deferrals == null ? 10 : deferrals;
    within = within == null ? Duration.ofMinutes(10) : within;
    pattern = pattern == null ? "^4" : pattern;
    suspendFor = suspendFor == null ? Duration.ofMinutes(15) : suspendFor;
    requireRange("deferrals", deferrals, 1, 10_000);
    if (within.isNegative() || within.isZero()) {
      throw new InvalidConfigException("within", "must be positive");
    }
    if (suspendFor.isNegative() || suspendFor.isZero()) {
      throw new InvalidConfigException("suspendFor", "must be positive");
    }
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new InvalidConfigException(
          "pattern", "is not a regular expression: " + e.getDescription());
    }
  }

  /** The pattern, compiled. */
  public Pattern compiledPattern() {
    return Pattern.compile(pattern);
  }
}
