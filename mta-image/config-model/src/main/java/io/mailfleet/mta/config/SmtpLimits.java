package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

/**
 * What one client may ask of the SMTP server.
 *
 * @param maxCommandLineLength octets in a command line, CRLF included (RFC 5321 4.5.3.1.4: 512)
 * @param maxTextLineLength octets in a line of message data, CRLF included (RFC 5321 4.5.3.1.6:
 *     1000)
 * @param maxMessageSize octets of message data, advertised with SIZE (RFC 1870)
 * @param maxRecipients recipients of one transaction (RFC 5321 4.5.3.1.8: at least 100)
 * @param maxConnections open SMTP connections in total
 * @param maxConnectionsPerClient open SMTP connections from one client address
 * @param maxErrors failed commands after which the session is closed with 421
 */
public record SmtpLimits(
    int maxCommandLineLength,
    int maxTextLineLength,
    long maxMessageSize,
    int maxRecipients,
    int maxConnections,
    int maxConnectionsPerClient,
    int maxErrors) {

  public SmtpLimits {
    requireRange("maxCommandLineLength", maxCommandLineLength, 512, 65536);
    requireRange("maxTextLineLength", maxTextLineLength, 1000, 1 << 20);
    requireRange("maxMessageSize", maxMessageSize, 1024, 1L << 40);
    requireRange("maxRecipients", maxRecipients, 1, 100_000);
    requireRange("maxConnections", maxConnections, 1, 1_000_000);
    requireRange("maxConnectionsPerClient", maxConnectionsPerClient, 1, maxConnections);
    requireRange("maxErrors", maxErrors, 1, 1000);
  }
}
