package io.mailfleet.mta.spool;

/** What a crash did to the newest bytes a spool wrote, as a contract test asks to simulate. */
sealed interface StorageDamage {

  /** The crash left the storage as written. */
  record None() implements StorageDamage {}

  /** The last {@code bytes} bytes never reached the disk (a torn write). */
  record TornTail(int bytes) implements StorageDamage {}

  /** The byte {@code distanceFromEnd} bytes before the end was flipped. */
  record FlippedByte(int distanceFromEnd) implements StorageDamage {}

  /** {@code bytes} bytes of noise follow the last write. */
  record TrailingGarbage(int bytes) implements StorageDamage {}
}
