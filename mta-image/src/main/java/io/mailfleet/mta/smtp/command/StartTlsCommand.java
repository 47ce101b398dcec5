package io.mailfleet.mta.smtp.command;

import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.smtp.CommandHandler;
import io.mailfleet.mta.smtp.CommandResult;
import io.mailfleet.mta.smtp.SessionState;
import io.mailfleet.mta.smtp.SmtpReplies;
import io.mailfleet.mta.smtp.SmtpServerContext;
import io.mailfleet.mta.smtp.SmtpSession;
import java.util.concurrent.CompletionStage;

/** STARTTLS (RFC 3207): 220, then the handshake; the session starts over afterwards. */
public final class StartTlsCommand implements CommandHandler {

  private final SmtpServerContext server;

  public StartTlsCommand(SmtpServerContext server) {
    this.server = server;
  }

  @Override
  public CompletionStage<CommandResult> handle(SmtpSession session, String argument) {
    if (server.sslContext() == null) {
      return CommandResult.reject(SmtpReplies.NOT_IMPLEMENTED, RejectReason.SYNTAX);
    }
    if (!argument.isBlank()) {
      return CommandResult.reject(SmtpReplies.NO_ARGUMENTS, RejectReason.SYNTAX);
    }
    if (session.tls()) {
      return CommandResult.reject(SmtpReplies.TLS_ALREADY_ACTIVE, RejectReason.SEQUENCE);
    }
    if (session.state() == SessionState.CONNECTED) {
      return CommandResult.reject(SmtpReplies.HELO_FIRST, RejectReason.SEQUENCE);
    }
    return CommandResult.reply(SmtpReplies.READY_FOR_TLS, CommandResult.AfterReply.START_TLS);
  }
}
