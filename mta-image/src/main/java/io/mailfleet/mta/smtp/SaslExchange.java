package io.mailfleet.mta.smtp;

import java.util.concurrent.CompletionStage;

/** An AUTH exchange in progress: the next client line is a response to our 334 challenge. */
@FunctionalInterface
public interface SaslExchange {

  /** Takes the client's response line and says what to reply. */
  CompletionStage<CommandResult> respond(SmtpSession session, String line);
}
