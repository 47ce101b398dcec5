package io.mailfleet.mta.smtp.command;

import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.smtp.AuthThrottle;
import io.mailfleet.mta.smtp.CommandHandler;
import io.mailfleet.mta.smtp.CommandResult;
import io.mailfleet.mta.smtp.CommandResult.AfterReply;
import io.mailfleet.mta.smtp.SessionState;
import io.mailfleet.mta.smtp.SmtpReplies;
import io.mailfleet.mta.smtp.SmtpReply;
import io.mailfleet.mta.smtp.SmtpServerContext;
import io.mailfleet.mta.smtp.SmtpSession;
import io.mailfleet.mta.smtp.SmtpUsers;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, offered only on encrypted
 * sessions unless configured otherwise.
 */
public final class AuthCommand implements CommandHandler {

  private static final SmtpReply EMPTY_CHALLENGE = new SmtpReply(334, null, List.of(""));
  private static final SmtpReply USERNAME_CHALLENGE =
      new SmtpReply(334, null, List.of(base64("Username:")));
  private static final SmtpReply PASSWORD_CHALLENGE =
      new SmtpReply(334, null, List.of(base64("Password:")));

  private static final Logger LOG = LoggerFactory.getLogger(AuthCommand.class);

  private final SmtpServerContext server;
  private final AuthThrottle throttle;

  public AuthCommand(SmtpServerContext server) {
    this.server = server;
    this.throttle =
        server.config().auth() == null
            ? null
            : new AuthThrottle(server.config().auth(), server.clock());
  }

  @Override
  public CompletionStage<CommandResult> handle(SmtpSession session, String argument) {
    if (server.users() == null) {
      return CommandResult.reject(SmtpReplies.NOT_IMPLEMENTED, RejectReason.SYNTAX);
    }
    if (session.state() == SessionState.CONNECTED) {
      return CommandResult.reject(SmtpReplies.HELO_FIRST, RejectReason.SEQUENCE);
    }
    if (!server.authOffered(session)) {
      return CommandResult.reject(SmtpReplies.ENCRYPTION_REQUIRED, RejectReason.TLS_REQUIRED);
    }
    if (session.authenticatedUser().isPresent()) {
      return CommandResult.reject(SmtpReplies.ALREADY_AUTHENTICATED, RejectReason.SEQUENCE);
    }
    if (session.inTransaction()) {
      return CommandResult.reject(SmtpReplies.AUTH_IN_TRANSACTION, RejectReason.SEQUENCE);
    }
    if (throttle != null && throttle.isLockedOut(session.client().getAddress())) {
      return CommandResult.reject(SmtpReplies.AUTH_LOCKED_OUT, RejectReason.AUTH);
    }
    String[] words = argument.strip().split(" ", 2);
    String mechanism = words[0].toUpperCase(Locale.ROOT);
    String initial = words.length > 1 ? words[1].strip() : null;
    return switch (mechanism) {
      case "PLAIN" ->
          initial == null
              ? challenge(session, EMPTY_CHALLENGE, this::plain)
              : plain(session, initial);
      case "LOGIN" ->
          initial == null
              ? challenge(session, USERNAME_CHALLENGE, this::loginUsername)
              : loginUsername(session, initial);
      default -> CommandResult.reject(SmtpReplies.UNKNOWN_MECHANISM, RejectReason.SYNTAX);
    };
  }

  /** PLAIN: {@code [authzid] NUL authcid NUL password}; "=" is an empty initial response. */
  private CompletionStage<CommandResult> plain(SmtpSession session, String response) {
    if (response.equals("*")) {
      return cancelled();
    }
    Optional<String> decoded = response.equals("=") ? Optional.of("") : decode(response);
    if (decoded.isEmpty()) {
      return CommandResult.reject(SmtpReplies.AUTH_BAD_ENCODING, RejectReason.AUTH);
    }
    String[] parts = decoded.get().split("\0", -1);
    if (parts.length != 3 || !(parts[0].isEmpty() || parts[0].equals(parts[1]))) {
      return CommandResult.reject(SmtpReplies.AUTH_FAILED, RejectReason.AUTH);
    }
    return verify(session, parts[1], parts[2]);
  }

  private CompletionStage<CommandResult> loginUsername(SmtpSession session, String response) {
    if (response.equals("*")) {
      return cancelled();
    }
    Optional<String> username = decode(response);
    if (username.isEmpty()) {
      return CommandResult.reject(SmtpReplies.AUTH_BAD_ENCODING, RejectReason.AUTH);
    }
    return challenge(
        session,
        PASSWORD_CHALLENGE,
        (s, passwordLine) -> loginPassword(s, username.get(), passwordLine));
  }

  private CompletionStage<CommandResult> loginPassword(
      SmtpSession session, String username, String response) {
    if (response.equals("*")) {
      return cancelled();
    }
    Optional<String> password = decode(response);
    if (password.isEmpty()) {
      return CommandResult.reject(SmtpReplies.AUTH_BAD_ENCODING, RejectReason.AUTH);
    }
    return verify(session, username, password.get());
  }

  private CompletionStage<CommandResult> verify(
      SmtpSession session, String username, String password) {
    SmtpUsers users = server.users();
    InetAddress client = session.client().getAddress();
    if (!users.verify(username, password)) {
      return CompletableFuture.completedFuture(failed(session, client));
    }
    if (throttle != null) {
      throttle.succeeded(client);
    }
    session.authenticated(username);
    return CommandResult.reply(SmtpReplies.AUTH_OK);
  }

  /** A wrong password: the reply waits, longer each time, and too many lock the address out. */
  private CommandResult failed(SmtpSession session, InetAddress client) {
    if (throttle == null) {
      return CommandResult.rejected(SmtpReplies.AUTH_FAILED, RejectReason.AUTH);
    }
    AuthThrottle.Verdict verdict = throttle.failed(client, session.countAuthFailure());
    if (verdict.lockedOut()) {
      LOG.warn("session {}: {} locked out of AUTH after repeated failures", session, client);
      return new CommandResult(
              server.replies().authLockedOut(), AfterReply.CLOSE, RejectReason.AUTH, s -> {})
          .delayedBy(verdict.replyDelay());
    }
    return CommandResult.rejected(SmtpReplies.AUTH_FAILED, RejectReason.AUTH)
        .delayedBy(verdict.replyDelay());
  }

  private static CompletionStage<CommandResult> challenge(
      SmtpSession session, SmtpReply challenge, Step next) {
    session.saslExchange(next::respond);
    return CommandResult.reply(challenge);
  }

  private static CompletionStage<CommandResult> cancelled() {
    return CommandResult.reject(SmtpReplies.AUTH_CANCELLED, RejectReason.AUTH);
  }

  private static Optional<String> decode(String base64) {
    try {
      return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** The next step of an exchange. */
  @FunctionalInterface
  private interface Step {
    CompletionStage<CommandResult> respond(SmtpSession session, String line);
  }
}
