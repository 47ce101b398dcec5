package io.mailfleet.mta.smtp.command;

import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.smtp.CommandResult;
import io.mailfleet.mta.smtp.SmtpReplies;
import io.mailfleet.mta.smtp.SmtpSession;
import java.util.concurrent.CompletionStage;

/** The verbs whose handling fits on a line: RSET, NOOP, QUIT and VRFY. */
final class SimpleCommands {

  private SimpleCommands() {}

  /** RSET (RFC 5321 4.1.1.5): drops the transaction, keeps the greeting. */
  static CompletionStage<CommandResult> rset(SmtpSession session, String argument) {
    if (!argument.isBlank()) {
      return CommandResult.reject(SmtpReplies.NO_ARGUMENTS, RejectReason.SYNTAX);
    }
    session.resetTransaction();
    return CommandResult.reply(SmtpReplies.OK);
  }

  /** NOOP (RFC 5321 4.1.1.9): the argument, if any, is ignored. */
  static CompletionStage<CommandResult> noop(SmtpSession session, String argument) {
    return CommandResult.reply(SmtpReplies.OK);
  }

  /** QUIT (RFC 5321 4.1.1.10): 221, then close. */
  static CompletionStage<CommandResult> quit(SmtpSession session, String argument) {
    if (!argument.isBlank()) {
      return CommandResult.reject(SmtpReplies.NO_ARGUMENTS, RejectReason.SYNTAX);
    }
    return CommandResult.reply(SmtpReplies.BYE, CommandResult.AfterReply.CLOSE);
  }

  /** VRFY (RFC 5321 3.5.3): 252, as addresses are not disclosed. */
  static CompletionStage<CommandResult> vrfy(SmtpSession session, String argument) {
    if (argument.isBlank()) {
      return CommandResult.reject(SmtpReplies.VRFY_SYNTAX, RejectReason.SYNTAX);
    }
    return CommandResult.reply(SmtpReplies.CANNOT_VRFY);
  }
}
