package io.mailfleet.operator.model;

/**
 * One address a pool should hold.
 *
 * @param index its position in the pool, from 0
 * @param adoptedId the allocation ID to adopt (spec.addresses), null when the pool allocates it
 * @param ptrName its reverse DNS name from reverseDns.template, null when the pool sets none
 */
public record DesiredAddress(int index, String adoptedId, String ptrName) {

  public DesiredAddress {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0: " + index);
    }
  }

  /** Whether the pool adopts this address rather than allocating it. */
  public boolean adopted() {
    return adoptedId != null;
  }
}
