package io.mailfleet.mta.smtp;

/**
 * The replies that name this server (the greeting and the 421 closings, RFC 5321 4.2).
 *
 * @param hostname this MTA's name
 */
public record HostReplies(String hostname) {

  /** The 220 greeting. */
  public SmtpReply greeting() {
    return new SmtpReply(220, null, java.util.List.of(hostname + " ESMTP mailfleet"));
  }

  /** Refused because of the total or per-client connection limit. */
  public SmtpReply tooManyConnections() {
    return SmtpReply.of(421, "4.7.0", hostname + " Too many connections; try again later");
  }

  /** Closed after too many failed commands. */
  public SmtpReply tooManyErrors() {
    return SmtpReply.of(421, "4.7.0", hostname + " Too many errors; closing connection");
  }

  /** Closed because the client's address failed AUTH too often (RFC 4954 allows 421 any time). */
  public SmtpReply authLockedOut() {
    return SmtpReply.of(
        421, "4.7.0", hostname + " Too many authentication failures; closing connection");
  }

  /** Closed because the client was silent too long. */
  public SmtpReply timeout() {
    return SmtpReply.of(421, "4.4.2", hostname + " Timeout waiting for client; closing connection");
  }

  /** Closed because the MTA is draining or shutting down. */
  public SmtpReply shuttingDown() {
    return SmtpReply.of(421, "4.3.2", hostname + " Service shutting down; try another server");
  }

  /** Closed after an unexpected error in the server. */
  public SmtpReply internalError() {
    return SmtpReply.of(421, "4.3.0", hostname + " Internal error; closing connection");
  }
}
