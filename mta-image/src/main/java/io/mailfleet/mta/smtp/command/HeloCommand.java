package io.mailfleet.mta.smtp.command;

import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.smtp.CommandHandler;
import io.mailfleet.mta.smtp.CommandResult;
import io.mailfleet.mta.smtp.SmtpReplies;
import io.mailfleet.mta.smtp.SmtpReply;
import io.mailfleet.mta.smtp.SmtpServerContext;
import io.mailfleet.mta.smtp.SmtpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** HELO and EHLO (RFC 5321 4.1.1.1): greets, resets, and for EHLO lists the extensions. */
public final class HeloCommand implements CommandHandler {

  private final SmtpServerContext server;
  private final boolean extended;

  /**
   * @param server the shared server state
   * @param extended true for EHLO, false for HELO
   */
  public HeloCommand(SmtpServerContext server, boolean extended) {
    this.server = server;
    this.extended = extended;
  }

  @Override
  public CompletionStage<CommandResult> handle(SmtpSession session, String argument) {
    String name = argument.strip();
    if (name.isEmpty() || name.indexOf(' ') >= 0) {
      return CommandResult.reject(SmtpReplies.HELO_SYNTAX, RejectReason.SYNTAX);
    }
    session.greet(name, extended);
    if (!extended) {
      return CommandResult.reply(new SmtpReply(250, null, List.of(server.hostname())));
    }
    return CommandResult.reply(new SmtpReply(250, null, ehloLines(session, name)));
  }

  private List<String> ehloLines(SmtpSession session, String name) {
    List<String> lines = new ArrayList<>();
    lines.add(server.hostname() + " greets " + name);
    lines.add("PIPELINING");
    lines.add("SIZE " + server.config().limits().maxMessageSize());
    lines.add("8BITMIME");
    lines.add("SMTPUTF8");
    lines.add("ENHANCEDSTATUSCODES");
    if (server.startTlsOffered(session)) {
      lines.add("STARTTLS");
    }
    if (server.authOffered(session)) {
      lines.add("AUTH PLAIN LOGIN");
    }
    return lines;
  }
}
