package io.mailfleet.mta.smtp;

import io.mailfleet.mta.smtp.SmtpInput.EndOfData;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The verbs a server answers, as the session sees them. The server drives a session through this
 * contract only, so the verb handlers (package {@code smtp.command}) depend on the server's
 * vocabulary and not the other way round; the MTA hands the standard set in.
 */
public interface SmtpVerbs {

  /** The handler for a verb, case-insensitively; empty for a verb this server does not know. */
  Optional<CommandHandler> find(String verb);

  /** Handles the end of the message data of a DATA transaction. */
  CompletionStage<CommandResult> endOfData(SmtpSession session, EndOfData end);
}
