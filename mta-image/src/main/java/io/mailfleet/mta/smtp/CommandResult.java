package io.mailfleet.mta.smtp;

import io.mailfleet.mta.intake.RejectReason;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What a command handler of this server decided (the receiving side; delivery has its own result
 * types in {@code queue} and {@code delivery}): the reply, what the connection does after it, why
 * it refused (for metrics), and the change to the session. A decision made on another thread (a
 * policy hook, the spool) leaves the session alone and describes the change as {@code effect},
 * which the session's event loop applies before writing the reply.
 *
 * @param reply the reply to send
 * @param next what happens after the reply
 * @param rejectReason the metric reason of a refusal, or null
 * @param effect the change to apply to the session, on its event loop
 * @param replyDelay how long the reply waits (input waits with it), without holding the event loop
 */
public record CommandResult(
    SmtpReply reply,
    AfterReply next,
    RejectReason rejectReason,
    Consumer<SmtpSession> effect,
    Duration replyDelay) {

  private static final Consumer<SmtpSession> NO_EFFECT = session -> {};

  public CommandResult {
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(replyDelay, "replyDelay");
  }

  /** A result replied to at once. */
  public CommandResult(
      SmtpReply reply, AfterReply next, RejectReason rejectReason, Consumer<SmtpSession> effect) {
    this(reply, next, rejectReason, effect, Duration.ZERO);
  }

  /** This result with its reply sent {@code delay} later. */
  public CommandResult delayedBy(Duration delay) {
    return new CommandResult(reply, next, rejectReason, effect, delay);
  }

  /** A reply after which the session goes on. */
  public static CompletionStage<CommandResult> reply(SmtpReply reply) {
    return reply(reply, AfterReply.CONTINUE);
  }

  /** A reply that switches the connection to something else afterwards. */
  public static CompletionStage<CommandResult> reply(SmtpReply reply, AfterReply next) {
    return CompletableFuture.completedFuture(new CommandResult(reply, next, null, NO_EFFECT));
  }

  /** A refusal; counts as an error of the session. */
  public static CompletionStage<CommandResult> reject(SmtpReply reply, RejectReason reason) {
    return CompletableFuture.completedFuture(rejected(reply, reason));
  }

  /** A refusal, not wrapped in a stage. */
  public static CommandResult rejected(SmtpReply reply, RejectReason reason) {
    return new CommandResult(
        reply, AfterReply.CONTINUE, Objects.requireNonNull(reason, "reason"), NO_EFFECT);
  }

  /** A refusal with a change to the session. */
  public static CommandResult rejected(
      SmtpReply reply, RejectReason reason, Consumer<SmtpSession> effect) {
    return new CommandResult(
        reply, AfterReply.CONTINUE, Objects.requireNonNull(reason, "reason"), effect);
  }

  /** What the connection does once the reply is written. */
  public enum AfterReply {
    /** Read the next command. */
    CONTINUE,
    /** Read message content until the end of data. */
    RECEIVE_DATA,
    /** Start the TLS handshake (the reply itself goes out in clear). */
    START_TLS,
    /** Close the connection. */
    CLOSE
  }
}
