package io.mailfleet.mta.smtp.command;

import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.policy.PolicyDecision;
import io.mailfleet.mta.smtp.CommandHandler;
import io.mailfleet.mta.smtp.CommandResult;
import io.mailfleet.mta.smtp.MailTransaction;
import io.mailfleet.mta.smtp.SessionState;
import io.mailfleet.mta.smtp.SmtpReplies;
import io.mailfleet.mta.smtp.SmtpReply;
import io.mailfleet.mta.smtp.SmtpServerContext;
import io.mailfleet.mta.smtp.SmtpSession;
import java.util.concurrent.CompletionStage;

/**
 * RCPT TO (RFC 5321 4.1.1.3): adds a recipient if the limit and the recipient policy (where relay
 * is decided) allow it.
 */
public final class RcptCommand implements CommandHandler {

  private final SmtpServerContext server;

  public RcptCommand(SmtpServerContext server) {
    this.server = server;
  }

  @Override
  public CompletionStage<CommandResult> handle(SmtpSession session, String argument) {
    if (session.state() == SessionState.CONNECTED) {
      return CommandResult.reject(SmtpReplies.HELO_FIRST, RejectReason.SEQUENCE);
    }
    MailTransaction transaction = session.transaction();
    if (transaction == null) {
      return CommandResult.reject(SmtpReplies.MAIL_FIRST, RejectReason.SEQUENCE);
    }
    var parsed = PathArgument.parse(argument, "TO:");
    if (parsed.isEmpty()) {
      return CommandResult.reject(SmtpReplies.RCPT_SYNTAX, RejectReason.SYNTAX);
    }
    if (!parsed.get().parameters().isEmpty()) {
      return CommandResult.reject(SmtpReplies.UNSUPPORTED_PARAMETER, RejectReason.SYNTAX);
    }
    String recipient = parsed.get().address();
    if (!MailboxSyntax.isMailbox(recipient)) {
      return CommandResult.reject(SmtpReplies.BAD_RECIPIENT_SYNTAX, RejectReason.SYNTAX);
    }
    if (!transaction.smtpUtf8() && MailboxSyntax.isNonAscii(recipient)) {
      return CommandResult.reject(SmtpReplies.NON_ASCII_ADDRESS, RejectReason.SYNTAX);
    }
    if (transaction.recipientCount() >= server.config().limits().maxRecipients()) {
      return CommandResult.reject(
          SmtpReplies.TOO_MANY_RECIPIENTS, RejectReason.TOO_MANY_RECIPIENTS);
    }
    return server
        .policies()
        .recipients()
        .checkRecipient(session.facts(), transaction.sender(), recipient)
        .thenApply(decision -> decide(recipient, decision));
  }

  private static CommandResult decide(String recipient, PolicyDecision decision) {
    if (decision instanceof PolicyDecision.Reject reject) {
      return CommandResult.rejected(
          SmtpReply.of(reject.code(), reject.enhancedCode(), reject.text()),
          reject.enhancedCode().equals("5.7.1")
              ? RejectReason.RELAY_DENIED
              : RejectReason.RECIPIENT_REFUSED);
    }
    return new CommandResult(
        SmtpReplies.RECIPIENT_OK,
        CommandResult.AfterReply.CONTINUE,
        null,
        session -> session.addRecipient(recipient));
  }
}
