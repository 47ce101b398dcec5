package io.mailfleet.mta.smtp;

import io.mailfleet.mta.intake.RejectReason;
import java.time.Duration;

/**
 * What the SMTP server reports for metrics. The MTA wires it to its Prometheus metrics ({@code
 * metrics.MtaMetrics}); the server itself knows no metrics library.
 */
public interface SmtpMetrics {

  /** Reports nothing. */
  SmtpMetrics NONE =
      new SmtpMetrics() {
        @Override
        public void connectionOpened() {}

        @Override
        public void connectionClosed() {}

        @Override
        public void messageReceived(long bytes, Duration commitLatency) {}

        @Override
        public void rejected(RejectReason reason) {}
      };

  /** A session was admitted. */
  void connectionOpened();

  /** An admitted session ended. */
  void connectionClosed();

  /** A message was acknowledged with 250 after the spool commit took {@code commitLatency}. */
  void messageReceived(long bytes, Duration commitLatency);

  /** A connection, command or message was refused. */
  void rejected(RejectReason reason);
}
