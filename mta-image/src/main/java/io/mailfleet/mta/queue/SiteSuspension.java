package io.mailfleet.mta.queue;

import io.mailfleet.mta.config.SuspensionRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Whether a site is suspended, and the recent deferrals that may suspend it under its {@link
 * SuspensionRule}: {@code deferrals} matching replies within {@code within}, with no delivery in
 * between, suspend it for {@code suspendFor}. Not thread-safe: the owner guards it.
 */
final class SiteSuspension {

  private final SuspensionRule rule;
  private final Pattern pattern;
  private final Deque<Instant> deferrals = new ArrayDeque<>();
  private Instant until;
  private String reason;

  /** Suspension by hand only when {@code rule} is {@code null}. */
  SiteSuspension(SuspensionRule rule) {
    this.rule = rule;
    this.pattern = rule == null ? null : rule.compiledPattern();
  }

  /** A temporary failure with {@code reply}; true when it is the one that suspends the site now. */
  boolean deferred(String reply, Instant now) {
    if (rule == null || until != null || !pattern.matcher(reply).find()) {
      return false;
    }
    deferrals.addLast(now);
    while (!deferrals.isEmpty() && !deferrals.peekFirst().isAfter(now.minus(rule.within()))) {
      deferrals.pollFirst();
    }
    if (deferrals.size() < rule.deferrals()) {
      return false;
    }
    suspend(
        now.plus(rule.suspendFor()),
        deferrals.size() + " deferrals within " + rule.within() + ", last: " + reply);
    return true;
  }

  /** A delivery went through: the count of deferrals starts again. */
  void delivered() {
    deferrals.clear();
  }

  /** Suspends the site until {@code until} (by rule or by hand). */
  void suspend(Instant until, String reason) {
    this.until = until;
    this.reason = reason;
    deferrals.clear();
  }

  /** Lifts the suspension; true when the site was suspended. */
  boolean resume() {
    boolean was = until != null;
    until = null;
    reason = null;
    return was;
  }

  /** Whether the site is suspended at {@code now}. */
  boolean isSuspended(Instant now) {
    return until != null && now.isBefore(until);
  }

  /** Whether a suspension ran out by {@code now} and must be lifted. */
  boolean hasRunOut(Instant now) {
    return until != null && !now.isBefore(until);
  }

  /** Until when the site is suspended, or {@code null}. */
  Instant until() {
    return until;
  }

  /** Why it is suspended, or {@code null}. */
  String reason() {
    return reason;
  }

  /** How long a suspension by hand lasts when no time is given. */
  Duration defaultDuration() {
    return rule == null ? Duration.ofMinutes(15) : rule.suspendFor();
  }
}
