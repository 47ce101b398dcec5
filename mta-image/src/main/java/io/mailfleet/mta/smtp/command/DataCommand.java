package io.mailfleet.mta.smtp.command;

import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.smtp.CommandHandler;
import io.mailfleet.mta.smtp.CommandResult;
import io.mailfleet.mta.smtp.HeaderCompletion;
import io.mailfleet.mta.smtp.MailTransaction;
import io.mailfleet.mta.smtp.MessageReception;
import io.mailfleet.mta.smtp.ReceivedHeader;
import io.mailfleet.mta.smtp.SmtpInput.EndOfData;
import io.mailfleet.mta.smtp.SmtpReplies;
import io.mailfleet.mta.smtp.SmtpReply;
import io.mailfleet.mta.smtp.SmtpServerContext;
import io.mailfleet.mta.smtp.SmtpSession;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.SpoolWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DATA (RFC 5321 4.1.1.4): opens the message in the spool and answers 354; at the end of data,
 * refuses defective or oversized content, or commits and answers 250 once the spool has made the
 * message durable.
 */
public final class DataCommand implements CommandHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DataCommand.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SmtpServerContext server;

  public DataCommand(SmtpServerContext server) {
    this.server = server;
  }

  @Override
  public CompletionStage<CommandResult> handle(SmtpSession session, String argument) {
    if (!argument.isBlank()) {
      return CommandResult.reject(SmtpReplies.NO_ARGUMENTS, RejectReason.SYNTAX);
    }
    switch (session.state()) {
      case CONNECTED:
        return CommandResult.reject(SmtpReplies.HELO_FIRST, RejectReason.SEQUENCE);
      case GREETED:
        return CommandResult.reject(SmtpReplies.MAIL_FIRST, RejectReason.SEQUENCE);
      case SENDER_GIVEN:
        return CommandResult.reject(SmtpReplies.NO_VALID_RECIPIENTS, RejectReason.SEQUENCE);
      default:
        break;
    }
    MailTransaction transaction = session.transaction();
    ZonedDateTime now = ZonedDateTime.now(server.clock()).withZoneSameInstant(ZoneOffset.UTC);
    SpoolWriter writer;
    try {
      writer =
          server
              .spool()
              .begin(
                  new Envelope(
                      transaction.sender(),
                      transaction.recipients(),
                      transaction.startedAt(),
                      session.client().getAddress().getHostAddress(),
                      session.authenticatedUser().orElse("")));
    } catch (RuntimeException e) {
      LOG.error("session {}: the spool refused a new message", session, e);
      session.resetTransaction();
      return CommandResult.reject(SmtpReplies.SPOOL_FAILURE, RejectReason.SPOOL_FAILURE);
    }
    HeaderCompletion headers =
        server.config().addMissingHeaders()
            ? new HeaderCompletion(this::newMessageId, () -> ZonedDateTime.now(server.clock()))
            : null;
    byte[] trace = ReceivedHeader.build(session, transaction.smtpUtf8(), server.hostname(), now);
    session.startData(
        new MessageReception(writer, server.config().limits().maxMessageSize(), trace, headers));
    return CommandResult.reply(SmtpReplies.START_MAIL_INPUT, CommandResult.AfterReply.RECEIVE_DATA);
  }

  /**
   * The end of data arrived: refuse what must be refused, or commit. The returned stage completes
   * on a spool thread when the spool is done; it does not touch the session.
   */
  public CompletionStage<CommandResult> finish(SmtpSession session, EndOfData end) {
    MessageReception reception = session.transaction().reception();
    if (end.defect() != null || reception.overflowed()) {
      session.resetTransaction();
      if (reception.overflowed()) {
        return CommandResult.reject(SmtpReplies.MESSAGE_TOO_BIG, RejectReason.MESSAGE_TOO_BIG);
      }
      return switch (end.defect()) {
        case BARE_LINE_ENDING ->
            CommandResult.reject(SmtpReplies.BARE_LINE_ENDING, RejectReason.BARE_LINE_ENDING);
        case LINE_TOO_LONG ->
            CommandResult.reject(SmtpReplies.TEXT_LINE_TOO_LONG, RejectReason.SYNTAX);
      };
    }
    session.startCommit();
    long started = System.nanoTime();
    String sessionId = session.id();
    return reception
        .commit()
        .handle(
            (id, failure) -> {
              if (failure != null) {
                LOG.error("session {}: the spool could not store a message", sessionId, failure);
                return CommandResult.rejected(
                    SmtpReplies.SPOOL_FAILURE,
                    RejectReason.SPOOL_FAILURE,
                    SmtpSession::finishTransaction);
              }
              server
                  .metrics()
                  .messageReceived(
                      reception.storedBytes(), Duration.ofNanos(System.nanoTime() - started));
              LOG.info(
                  "session {}: message {} queued, {} octets",
                  sessionId,
                  id,
                  reception.storedBytes());
              return new CommandResult(
                  SmtpReply.of(250, "2.0.0", "Ok: queued as " + id),
                  CommandResult.AfterReply.CONTINUE,
                  null,
                  SmtpSession::finishTransaction);
            });
  }

  private String newMessageId() {
    return "<"
        + Long.toString(server.clock().millis(), 36)
        + "."
        + Long.toUnsignedString(RANDOM.nextLong(), 36)
        + "@"
        + server.hostname()
        + ">";
  }
}
