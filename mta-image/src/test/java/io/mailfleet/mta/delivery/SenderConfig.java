package io.mailfleet.mta.delivery;

import java.nio.file.Path;

/** The start of the sending MTA's configuration in the delivery tests; each adds its delivery. */
final class SenderConfig {

  private SenderConfig() {}

  /**
   * Hostname {@code mta.main.example}, an SMTP submission listener, admin and injection on free
   * loopback ports, and an FSYNC spool in {@code spool}.
   */
  static String loopback(Path spool) {
    return onPorts(spool, 0, 0, 0);
  }

  /**
   * As {@link #loopback(Path)}, on the given loopback ports: for an MTA process that restarts on
   * the same ones.
   */
  static String onPorts(Path spool, int smtpPort, int adminPort, int injectPort) {
    return """
        hostname: mta.main.example
        smtp:
          listeners:
            - {name: submission, address: 127.0.0.1, port: %d, proxyProtocol: false}
        spool: {directory: %s, durability: FSYNC}
        admin: {address: 127.0.0.1, port: %d}
        inject: {address: 127.0.0.1, port: %d}
        """
        .formatted(smtpPort, spool, adminPort, injectPort);
  }
}
