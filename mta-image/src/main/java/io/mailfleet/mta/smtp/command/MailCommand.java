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
import io.mailfleet.mta.spool.SpoolCondition;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * MAIL FROM (RFC 5321 4.1.1.2) with the SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531) and
 * AUTH (RFC 4954 5) parameters; opens a transaction if the sender policy agrees.
 */
public final class MailCommand implements CommandHandler {

  private final SmtpServerContext server;

  public MailCommand(SmtpServerContext server) {
    this.server = server;
  }

  @Override
  public CompletionStage<CommandResult> handle(SmtpSession session, String argument) {
    if (session.state() == SessionState.CONNECTED) {
      return CommandResult.reject(SmtpReplies.HELO_FIRST, RejectReason.SEQUENCE);
    }
    if (session.inTransaction()) {
      return CommandResult.reject(SmtpReplies.NESTED_MAIL, RejectReason.SEQUENCE);
    }
    if (!server.gate().isOpen()) {
      return CompletableFuture.completedFuture(
          new CommandResult(
              server.replies().shuttingDown(),
              CommandResult.AfterReply.CLOSE,
              RejectReason.DRAINING,
              unchanged -> {}));
    }
    if (server.spool().condition() == SpoolCondition.LOW_ON_SPACE) {
      // Refused before the disk is full; write failures are answered at commit (451), so that
      // each commit tries the disk again and intake recovers by itself.
      return CommandResult.reject(SmtpReplies.INSUFFICIENT_STORAGE, RejectReason.SPOOL_FULL);
    }
    var parsed = PathArgument.parse(argument, "FROM:");
    if (parsed.isEmpty()) {
      return CommandResult.reject(SmtpReplies.MAIL_SYNTAX, RejectReason.SYNTAX);
    }
    String sender = parsed.get().address();
    Map<String, String> params = parsed.get().parameters();
    SmtpReply paramProblem = checkParameters(session, params);
    if (paramProblem != null) {
      return CommandResult.reject(
          paramProblem,
          paramProblem == SmtpReplies.MESSAGE_TOO_BIG
              ? RejectReason.MESSAGE_TOO_BIG
              : RejectReason.SYNTAX);
    }
    if (!sender.isEmpty() && !MailboxSyntax.isMailbox(sender)) {
      return CommandResult.reject(SmtpReplies.BAD_SENDER_SYNTAX, RejectReason.SYNTAX);
    }
    boolean smtpUtf8 = params.containsKey("SMTPUTF8");
    if (!smtpUtf8 && MailboxSyntax.isNonAscii(sender)) {
      return CommandResult.reject(SmtpReplies.NON_ASCII_ADDRESS, RejectReason.SYNTAX);
    }
    return server
        .policies()
        .senders()
        .checkSender(session.facts(), sender)
        .thenApply(decision -> decide(session, sender, smtpUtf8, decision));
  }

  private CommandResult decide(
      SmtpSession session, String sender, boolean smtpUtf8, PolicyDecision decision) {
    if (decision instanceof PolicyDecision.Reject reject) {
      return CommandResult.rejected(
          SmtpReply.of(reject.code(), reject.enhancedCode(), reject.text()),
          RejectReason.SENDER_REFUSED);
    }
    return new CommandResult(
        SmtpReplies.SENDER_OK,
        CommandResult.AfterReply.CONTINUE,
        null,
        s -> s.beginTransaction(new MailTransaction(sender, smtpUtf8, server.clock().instant())));
  }

  private SmtpReply checkParameters(SmtpSession session, Map<String, String> params) {
    if (!params.isEmpty() && !session.extended()) {
      return SmtpReplies.UNSUPPORTED_PARAMETER;
    }
    for (Map.Entry<String, String> param : params.entrySet()) {
      String value = param.getValue();
      switch (param.getKey()) {
        case "SIZE" -> {
          if (value == null || !value.matches("\\d{1,20}")) {
            return SmtpReplies.UNSUPPORTED_PARAMETER;
          }
          if (exceeds(value, server.config().limits().maxMessageSize())) {
            return SmtpReplies.MESSAGE_TOO_BIG;
          }
        }
        case "BODY" -> {
          String body = value == null ? "" : value.toUpperCase(Locale.ROOT);
          if (!body.equals("7BIT") && !body.equals("8BITMIME")) {
            return SmtpReplies.UNSUPPORTED_PARAMETER;
          }
        }
        case "SMTPUTF8" -> {
          if (value != null) {
            return SmtpReplies.UNSUPPORTED_PARAMETER;
          }
        }
        case "AUTH" -> {
          if (value == null) {
            return SmtpReplies.UNSUPPORTED_PARAMETER;
          }
        }
        default -> {
          return SmtpReplies.UNSUPPORTED_PARAMETER;
        }
      }
    }
    return null;
  }

  private static boolean exceeds(String digits, long max) {
    return digits.length() > 18 || Long.parseLong(digits) > max;
  }
}
