package io.mailfleet.mta.inject;

/** An injection request the API refuses with 400: names the field and what is wrong with it. */
public final class InvalidInjectionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidInjectionException(String field, String problem) {
    super(field + ": " + problem);
  }
}
