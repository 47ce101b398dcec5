package io.mailfleet.mta.smtp;

import java.net.InetSocketAddress;

/** User events that reach {@link SmtpServerHandler} through the pipeline. */
public sealed interface SessionEvent {

  /**
   * The PROXY protocol header told us who the client is; the session may start.
   *
   * @param client the client's address
   */
  record ClientResolved(InetSocketAddress client) implements SessionEvent {}

  /** The server is draining: finish the transaction in flight, then say 421 and close. */
  record DrainRequested() implements SessionEvent {}
}
