package io.mailfleet.operator.model;

/**
 * Something AWS refused or could not do for a pool, as the pool's conditions show it.
 *
 * @param index the address it concerns, -1 for the whole pool
 * @param reason CamelCase cause, one of {@link PoolStatusModel}'s reasons
 * @param message what happened and what to do about it
 */
public record AddressFailure(int index, String reason, String message) {

  public AddressFailure {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason is required");
    }
    message = message == null ? "" : message;
  }

  /** A failure of the whole pool (no region, AWS unreachable, ...). */
  public static AddressFailure ofPool(String reason, String message) {
    return new AddressFailure(-1, reason, message);
  }
}
