package io.mailfleet.mta.config;

/** What an egress pool does when every one of its sources reached today's cap. */
public enum WhenCapped {
  /** Keep the pool's mail queued until the caps reset at the next UTC midnight. */
  WAIT,
  /** Send the pool's mail from its {@code overflowPool} (whose caps apply too). */
  OVERFLOW
}
