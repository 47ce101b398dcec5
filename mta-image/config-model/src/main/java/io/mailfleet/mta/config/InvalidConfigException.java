package io.mailfleet.mta.config;

/** A configuration value that cannot be used; the message names the field path and why. */
public final class InvalidConfigException extends RuntimeException {

  private final String field;
  private final String reason;

  /**
   * @param field the field's path, as far as it is known where the problem was found
   * @param reason why the value cannot be used
   */
  public InvalidConfigException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** The field's path, such as {@code smtp.limits.maxRecipients}. */
  public String field() {
    return field;
  }

  /** Why the value cannot be used. */
  public String reason() {
    return reason;
  }

  /** The same problem, seen from the object that contains {@code parentPath}. */
  InvalidConfigException under(String parentPath) {
    return new InvalidConfigException(
        parentPath.isEmpty() ? field : parentPath + "." + field, reason);
  }

  static void requireRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidConfigException(
          field, "must be between " + min + " and " + max + ", was " + value);
    }
  }

  static <T> T requirePresent(String field, T value) {
    if (value == null) {
      throw new InvalidConfigException(field, "is required");
    }
    return value;
  }

  static void requireNotBlank(String field, String value) {
    if (requirePresent(field, value).isBlank()) {
      throw new InvalidConfigException(field, "must not be blank");
    }
  }
}
