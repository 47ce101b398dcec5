package io.mailfleet.mta.admin;

import io.mailfleet.mta.queue.SiteStatus;
import java.time.Duration;
import java.util.List;

/** What the admin API may see and do about destination sites. */
public interface SiteAdmin {

  /** Knows no site: for an admin server that serves no delivery queue (tests of other paths). */
  SiteAdmin NONE =
      new SiteAdmin() {
        @Override
        public List<SiteStatus> sites() {
          return List.of();
        }

        @Override
        public boolean suspend(String site, Duration duration) {
          return false;
        }

        @Override
        public boolean resume(String site) {
          return false;
        }
      };

  /** Every site known now. */
  List<SiteStatus> sites();

  /** Suspends the site for {@code duration} ({@code null}: its rule's time); false when unknown. */
  boolean suspend(String site, Duration duration);

  /** Lifts the site's suspension; false when the site is unknown. */
  boolean resume(String site);
}
