package io.mailfleet.mta.queue;

import java.util.Map;

/**
 * One connection's place within its site's and the queue's connection limits, from when the {@link
 * Switchboard} opens it until it is freed. The worker carrying it ({@link Courier}) asks the board
 * through it, and frees it once, in one place, whatever ended the connection.
 */
final class ConnectionSlot {

  /** Where the slot is in its life; read and changed only under the board's lock. */
  enum Stage {
    /** Opened; the worker has not yet taken its batch (the site counts it as starting). */
    STARTING,
    /** The worker took no batch (nothing left, held, suspended or capped). */
    IDLE,
    /** The worker took a batch and is delivering it (a hold waits for it). */
    RUNNING,
    /** Given back to the site and the queue. */
    FREED
  }

  private final Switchboard board;
  private final SiteQueue site;
  Stage stage = Stage.STARTING;

  ConnectionSlot(Switchboard board, SiteQueue site) {
    this.board = board;
    this.site = site;
  }

  SiteQueue site() {
    return site;
  }

  /** How many messages the connection may ask a lease for; 0 when it must not go. */
  int wanted() {
    return board.wanted(this);
  }

  /** Every source of the site's pool is capped: the site waits before it asks again. */
  void capped() {
    board.capped(this);
  }

  /** Takes the connection's batch, up to {@code allowed} messages; empty when none is left. */
  ReadyJobs.Batch take(int allowed) {
    return board.take(this, allowed);
  }

  /** Feeds one job's outcomes to the site's suspension rule. */
  void observe(Map<String, DeliveryResult> outcomes) {
    board.observe(site, outcomes);
  }

  /** Gives the slot back; a second call does nothing. */
  void free() {
    board.free(this);
  }
}
