package io.mailfleet.mta.smtp;

import io.mailfleet.mta.config.SmtpConfig;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.policy.SmtpPolicies;
import io.mailfleet.mta.spool.Spool;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.util.Objects;

/**
 * What every session of one SMTP server shares.
 *
 * @param hostname this MTA's name
 * @param config the SMTP configuration
 * @param policies the acceptance hooks
 * @param spool where messages go
 * @param sslContext the STARTTLS context, or null when STARTTLS is off
 * @param users the AUTH user directory, or null when AUTH is off
 * @param metrics where connections and refusals are counted
 * @param gate closed while draining: no new connections or transactions
 * @param clock the time source for headers and envelopes
 */
public record SmtpServerContext(
    String hostname,
    SmtpConfig config,
    SmtpPolicies policies,
    Spool spool,
    SslContext sslContext,
    SmtpUsers users,
    SmtpMetrics metrics,
    AcceptGate gate,
    Clock clock) {

  public SmtpServerContext {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(spool, "spool");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(clock, "clock");
  }

  /** The replies that carry this server's name. */
  public HostReplies replies() {
    return new HostReplies(hostname);
  }

  /** Whether AUTH is offered to this session now (configured, and encrypted unless allowed). */
  public boolean authOffered(SmtpSession session) {
    return users != null && (session.tls() || !config.auth().requireTls());
  }

  /** Whether STARTTLS is offered to this session now. */
  public boolean startTlsOffered(SmtpSession session) {
    return sslContext != null && !session.tls();
  }
}
