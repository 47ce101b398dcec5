package io.mailfleet.operator.aws;

/**
 * An Elastic IP call that failed, mapped at the adapter boundary: {@link #reason()} is one of
 * {@link io.mailfleet.operator.model.PoolStatusModel}'s reasons, {@link #getMessage()} says what to
 * do, {@link #retryable()} whether the same call may succeed later unchanged.
 */
public final class ElasticIpException extends RuntimeException {

  private final String operation;
  private final String reason;
  private final boolean retryable;

  public ElasticIpException(
      String operation, String reason, boolean retryable, String message, Throwable cause) {
    super(message, cause);
    this.operation = operation;
    this.reason = reason;
    this.retryable = retryable;
  }

  /** The EC2 operation that failed, e.g. AllocateAddress. */
  public String operation() {
    return operation;
  }

  /** CamelCase cause for the pool's conditions. */
  public String reason() {
    return reason;
  }

  /** Whether repeating the call unchanged may succeed (throttling, 5xx, network). */
  public boolean retryable() {
    return retryable;
  }
}
