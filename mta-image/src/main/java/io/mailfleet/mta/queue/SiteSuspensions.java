package io.mailfleet.mta.queue;

import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suspends and resumes the board's sites, by hand and by their rule, and tells the log and the
 * listener; it takes no lock, since only the {@link Switchboard}'s synchronized methods call it.
 */
final class SiteSuspensions {

  private static final Logger LOG = LoggerFactory.getLogger(SiteSuspensions.class);

  /** Wakes a site at {@code at}: the board's timer, which pumps it then. */
  @FunctionalInterface
  interface Alarm {
    void wake(SiteQueue site, Instant at, Instant now);
  }

  private final Collection<SiteQueue> sites;
  private final DeliveryListener listener;
  private final Clock clock;
  private final Alarm alarm;

  /**
   * Suspensions of {@code sites} (the board's own, read under its lock), told to {@code listener};
   * a suspended site is woken by {@code alarm} when its suspension ends.
   */
  SiteSuspensions(
      Collection<SiteQueue> sites, DeliveryListener listener, Clock clock, Alarm alarm) {
    this.sites = sites;
    this.listener = listener;
    this.clock = clock;
    this.alarm = alarm;
  }

  /** Feeds one job's outcomes to the site's suspension rule. */
  void observe(SiteQueue site, Map<String, DeliveryResult> outcomes) {
    if (outcomes.values().stream().anyMatch(Delivered.class::isInstance)) {
      site.suspension().delivered();
      return;
    }
    Instant now = clock.instant();
    for (DeliveryResult outcome : outcomes.values()) {
      if (outcome instanceof TransientFailure t && site.suspension().deferred(t.reply(), now)) {
        suspended(site, now);
        return;
      }
    }
  }

  /** Suspends every site named {@code name}; false when none is known. */
  boolean suspend(String name, Duration duration, String reason) {
    List<SiteQueue> named = named(name);
    Instant now = clock.instant();
    for (SiteQueue site : named) {
      Duration length = duration != null ? duration : site.suspension().defaultDuration();
      site.suspension().suspend(now.plus(length), reason);
      suspended(site, now);
    }
    return !named.isEmpty();
  }

  /**
   * Lifts the suspension of every site named {@code name}, pumping each with {@code pump}; false
   * when none is known.
   */
  boolean resume(String name, BiConsumer<SiteQueue, Instant> pump) {
    List<SiteQueue> named = named(name);
    Instant now = clock.instant();
    for (SiteQueue site : named) {
      resumed(site, "resumed by hand");
      pump.accept(site, now);
    }
    return !named.isEmpty();
  }

  /** Lifts the suspension of {@code site} if it ran out by {@code now}. */
  void endIfRunOut(SiteQueue site, Instant now) {
    if (site.suspension().hasRunOut(now)) {
      resumed(site, "suspension ran out");
    }
  }

  private void suspended(SiteQueue site, Instant now) {
    Instant until = site.suspension().until();
    LOG.warn("site {} suspended until {}: {}", site.key(), until, site.suspension().reason());
    listener.siteSuspended(site.key(), site.policy().label(), until, site.suspension().reason());
    alarm.wake(site, until, now);
  }

  private void resumed(SiteQueue site, String how) {
    if (site.suspension().resume()) {
      LOG.info("site {} resumed: {}", site.key(), how);
      listener.siteResumed(site.key(), site.policy().label(), how);
    }
  }

  private List<SiteQueue> named(String name) {
    return sites.stream().filter(s -> s.key().site().equals(name)).toList();
  }
}
