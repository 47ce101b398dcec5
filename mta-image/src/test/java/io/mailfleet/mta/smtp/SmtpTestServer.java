package io.mailfleet.mta.smtp;

import io.mailfleet.mta.config.AuthConfig;
import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.ListenerConfig;
import io.mailfleet.mta.config.RelayConfig;
import io.mailfleet.mta.config.SmtpConfig;
import io.mailfleet.mta.config.SmtpTimeouts;
import io.mailfleet.mta.config.TlsConfig;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.policy.RelayPolicy;
import io.mailfleet.mta.policy.SmtpPolicies;
import io.mailfleet.mta.smtp.command.SmtpCommands;
import io.mailfleet.mta.spool.Spool;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A real SMTP server on a free loopback port, for ITs. */
final class SmtpTestServer implements AutoCloseable {

  private final SmtpServer server;
  private final InetSocketAddress address;

  private SmtpTestServer(SmtpServer server, InetSocketAddress address) {
    this.server = server;
    this.address = address;
  }

  /** Relays for loopback clients, no TLS, no AUTH. */
  static SmtpTestServer open(Spool spool) throws InterruptedException {
    return start(base(), spool, null, timeouts(Duration.ofMinutes(5)));
  }

  /** Relays for no network: only users who authenticated over STARTTLS. */
  static SmtpTestServer secure(Spool spool, TlsConfig tls, AuthConfig auth)
      throws InterruptedException {
    SmtpConfig base = base();
    SmtpConfig config =
        new SmtpConfig(
            base.listeners(),
            base.limits(),
            base.timeouts(),
            tls,
            auth,
            new RelayConfig(List.of(), true, false),
            true);
    return start(config, spool, SmtpUsers.load(auth.usersFile()), base.timeouts());
  }

  /** Loopback relay, with the command timeout set to {@code commandTimeout}. */
  static SmtpTestServer withCommandTimeout(Spool spool, Duration commandTimeout)
      throws InterruptedException {
    return start(base(), spool, null, timeouts(commandTimeout));
  }

  private static SmtpTimeouts timeouts(Duration command) {
    return new SmtpTimeouts(command, command);
  }

  private static SmtpConfig base() {
    SmtpConfig defaults = new ConfigLoader().defaults().smtp();
    return new SmtpConfig(
        List.of(ListenerConfig.direct("it", "127.0.0.1", 0)),
        defaults.limits(),
        defaults.timeouts(),
        null,
        null,
        defaults.relay(),
        true);
  }

  private static SmtpTestServer start(
      SmtpConfig config, Spool spool, SmtpUsers users, SmtpTimeouts timeouts)
      throws InterruptedException {
    SmtpConfig withTimeouts =
        new SmtpConfig(
            config.listeners(),
            config.limits(),
            timeouts,
            config.tls(),
            config.auth(),
            config.relay(),
            config.addMissingHeaders());
    SmtpServerContext context =
        new SmtpServerContext(
            "mx.it.example",
            withTimeouts,
            SmtpPolicies.relayOnly(
                new RelayPolicy(
                    config.relay().clientNetworks(), config.relay().authenticatedUsers())),
            spool,
            config.tls() == null ? null : StartTlsContext.load(config.tls()),
            users,
            SmtpMetrics.NONE,
            new AcceptGate(),
            Clock.systemUTC());
    SmtpServer server = new SmtpServer(context, SmtpCommands.standard(context));
    return new SmtpTestServer(server, server.start().get(0));
  }

  int port() {
    return address.getPort();
  }

  String hostAndPort() {
    return "127.0.0.1:" + address.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
