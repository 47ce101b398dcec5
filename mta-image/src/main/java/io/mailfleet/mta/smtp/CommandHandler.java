package io.mailfleet.mta.smtp;

import java.util.concurrent.CompletionStage;

/**
 * Handles one SMTP verb. Called on the session's event loop; a handler that waits on something (a
 * policy hook, the spool) returns an incomplete stage, and the session holds later pipelined
 * commands until it completes.
 */
@FunctionalInterface
public interface CommandHandler {

  /**
   * @param session the session, to read and to update
   * @param argument what followed the verb, without the separating space; may be empty
   */
  CompletionStage<CommandResult> handle(SmtpSession session, String argument);
}
