package io.mailfleet.mta.inject;

/**
 * An SQS call that failed after the SDK's own retries, mapped at the adapter: retryable (throttled,
 * unreachable, a 5xx) or not (no such queue, access denied, a bad request), which only a change of
 * configuration or permissions mends.
 */
final class SqsCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  SqsCallException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether the same call may succeed later without anyone changing anything. */
  boolean retryable() {
    return retryable;
  }
}
