package io.mailfleet.mta.smtp.command;

import io.mailfleet.mta.smtp.CommandHandler;
import io.mailfleet.mta.smtp.CommandResult;
import io.mailfleet.mta.smtp.SmtpInput.EndOfData;
import io.mailfleet.mta.smtp.SmtpServerContext;
import io.mailfleet.mta.smtp.SmtpSession;
import io.mailfleet.mta.smtp.SmtpVerbs;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The verbs this server knows and their handlers. */
public final class SmtpCommands implements SmtpVerbs {

  private final Map<String, CommandHandler> handlers;
  private final DataCommand data;

  private SmtpCommands(Map<String, CommandHandler> handlers, DataCommand data) {
    this.handlers = Map.copyOf(handlers);
    this.data = data;
  }

  /** The standard set: RFC 5321 verbs, STARTTLS and AUTH. */
  public static SmtpCommands standard(SmtpServerContext server) {
    DataCommand data = new DataCommand(server);
    return new SmtpCommands(
        Map.ofEntries(
            Map.entry("EHLO", new HeloCommand(server, true)),
            Map.entry("HELO", new HeloCommand(server, false)),
            Map.entry("MAIL", new MailCommand(server)),
            Map.entry("RCPT", new RcptCommand(server)),
            Map.entry("DATA", data),
            Map.entry("RSET", SimpleCommands::rset),
            Map.entry("NOOP", SimpleCommands::noop),
            Map.entry("QUIT", SimpleCommands::quit),
            Map.entry("VRFY", SimpleCommands::vrfy),
            Map.entry("STARTTLS", new StartTlsCommand(server)),
            Map.entry("AUTH", new AuthCommand(server))),
        data);
  }

  @Override
  public Optional<CommandHandler> find(String verb) {
    return Optional.ofNullable(handlers.get(verb.toUpperCase(Locale.ROOT)));
  }

  /** DATA handles the end of the message data too. */
  @Override
  public CompletionStage<CommandResult> endOfData(SmtpSession session, EndOfData end) {
    return data.finish(session, end);
  }
}
