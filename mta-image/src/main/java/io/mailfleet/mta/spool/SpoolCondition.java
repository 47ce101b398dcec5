package io.mailfleet.mta.spool;

/** Whether the spool takes new mail now, and if not, why; readiness and intake read it. */
public enum SpoolCondition {
  /** Open, writing, with room: new mail is welcome. */
  WRITABLE,
  /**
   * Free space is below the floor: new mail is refused (452 4.3.1) before the disk is full;
   * deliveries, bounces and completions go on and free space.
   */
  LOW_ON_SPACE,
  /** The last write or fsync failed; each new commit tries again (451 4.3.0 while it fails). */
  WRITES_FAILING,
  /** Closed: nothing is taken any more. */
  CLOSED
}
