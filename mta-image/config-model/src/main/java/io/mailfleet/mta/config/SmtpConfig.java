package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SMTP server.
 *
 * @param listeners the sockets to listen on, at least one
 * @param limits per-client limits
 * @param timeouts how long silent clients are waited for
 * @param tls the STARTTLS certificate; null disables STARTTLS
 * @param auth SMTP AUTH; null disables it
 * @param relay who may relay
 * @param addMissingHeaders add {@code Message-ID} and {@code Date} when a submitted message lacks
 *     them (RFC 6409 8.2, 8.3)
 */
public record SmtpConfig(
    List<ListenerConfig> listeners,
    SmtpLimits limits,
    SmtpTimeouts timeouts,
    TlsConfig tls,
    AuthConfig auth,
    RelayConfig relay,
    boolean addMissingHeaders) {

  public SmtpConfig {
    listeners = List.copyOf(requirePresent("listeners", listeners));
    if (listeners.isEmpty()) {
      throw new InvalidConfigException("listeners", "needs at least one listener");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < listeners.size(); i++) {
      if (!names.add(listeners.get(i).name())) {
        throw new InvalidConfigException(
            "listeners[" + i + "].name", "duplicate name " + listeners.get(i).name());
      }
    }
    requirePresent("limits", limits);
    requirePresent("timeouts", timeouts);
    requirePresent("relay", relay);
  }
}
