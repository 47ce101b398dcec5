package io.mailfleet.mta.queue;

import io.mailfleet.mta.config.SiteLimits;
import io.mailfleet.mta.config.SuspensionRule;
import java.util.Objects;

/**
 * The shaping a site gets.
 *
 * @param label the site's metric label: its configured name, or {@code other}
 * @param limits the limits in force
 * @param suspension when repeated deferrals suspend it; {@code null}: only by hand
 */
public record SitePolicy(String label, SiteLimits limits, SuspensionRule suspension) {

  public SitePolicy {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(limits, "limits");
  }
}
