package io.mailfleet.mta.smtp;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Decides when a command's reply is written and pipelined input resumes, on the event loop. */
final class ReplyTiming {

  private final ChannelHandlerContext ctx;
  private final SmtpLineDecoder decoder;
  private final Consumer<CompletableFuture<CommandResult>> reply;
  private final BooleanSupplier closing;
  private boolean waiting;

  /**
   * @param ctx the session's channel, whose event loop runs every reply
   * @param decoder the channel's line decoder, paused while a reply waits
   * @param reply applies a finished result and writes its reply
   * @param closing whether the session is closing, so input stays held
   */
  ReplyTiming(
      ChannelHandlerContext ctx,
      SmtpLineDecoder decoder,
      Consumer<CompletableFuture<CommandResult>> reply,
      BooleanSupplier closing) {
    this.ctx = ctx;
    this.decoder = decoder;
    this.reply = reply;
    this.closing = closing;
  }

  /** Whether a reply is pending, with input held until it is written. */
  boolean waiting() {
    return waiting;
  }

  /** Applies a result now if it is ready; otherwise holds input until it is. */
  void complete(CompletionStage<CommandResult> stage) {
    CompletableFuture<CommandResult> result = stage.toCompletableFuture();
    if (result.isDone() && replyDelay(result).isZero()) {
      reply.accept(result);
      return;
    }
    waiting = true;
    decoder.pause();
    ctx.channel().config().setAutoRead(false);
    result.whenComplete((r, e) -> resumeAfter(result, replyDelay(result)));
  }

  private void resumeAfter(CompletableFuture<CommandResult> result, Duration delay) {
    if (delay.isZero()) {
      ctx.executor().execute(() -> resume(result));
    } else {
      // A delayed reply (a failed AUTH) is a timer on the event loop, never a sleep on it.
      ctx.executor().schedule(() -> resume(result), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static Duration replyDelay(CompletableFuture<CommandResult> result) {
    return result.isDone() && !result.isCompletedExceptionally()
        ? result.join().replyDelay()
        : Duration.ZERO;
  }

  private void resume(CompletableFuture<CommandResult> result) {
    waiting = false;
    if (!ctx.channel().isActive()) {
      return;
    }
    reply.accept(result);
    ctx.flush();
    if (closing.getAsBoolean()) {
      return;
    }
    ctx.channel().config().setAutoRead(true);
    try {
      decoder.resume();
    } catch (Exception e) {
      ctx.fireExceptionCaught(e);
    }
    ctx.flush();
  }
}
