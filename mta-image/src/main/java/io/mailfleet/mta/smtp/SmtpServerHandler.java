package io.mailfleet.mta.smtp;

import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.policy.PolicyDecision;
import io.mailfleet.mta.smtp.CommandResult.AfterReply;
import io.mailfleet.mta.smtp.SmtpInput.CommandLine;
import io.mailfleet.mta.smtp.SmtpInput.EndOfData;
import io.mailfleet.mta.smtp.SmtpInput.OverlongCommandLine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one SMTP session: starts it once the client's address is known, dispatches command lines
 * to the verb handlers, streams message content into the spool, applies each result when {@link
 * ReplyTiming} says its reply is due, and enforces the timeouts, the error limit and draining.
 */
public final class SmtpServerHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpServerHandler.class);

  private final SmtpServerContext server;
  private final SmtpVerbs verbs;
  private final ConnectionAdmission admission;
  private final SmtpLineDecoder decoder;
  private final Duration proxyHeaderTimeout;

  private ChannelHandlerContext ctx;
  private ReplyTiming replyTiming;
  private SmtpSession session;
  private boolean admitted;
  private boolean closing;
  private boolean drainRequested;
  private long lastReadNanos = System.nanoTime();
  private ScheduledFuture<?> timeoutCheck;

  /**
   * @param server what all sessions share
   * @param verbs the verb handlers
   * @param limiter the connection limits
   * @param decoder this channel's line decoder, which the session steers
   * @param proxyHeaderTimeout how long to wait for the PROXY header that names the client before
   *     the session starts; null on a listener without PROXY protocol
   */
  public SmtpServerHandler(
      SmtpServerContext server,
      SmtpVerbs verbs,
      ConnectionLimiter limiter,
      SmtpLineDecoder decoder,
      Duration proxyHeaderTimeout) {
    this.server = server;
    this.verbs = verbs;
    this.admission = new ConnectionAdmission(limiter);
    this.decoder = decoder;
    this.proxyHeaderTimeout = proxyHeaderTimeout;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.replyTiming = new ReplyTiming(ctx, decoder, this::reply, () -> closing);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    scheduleTimeoutCheck(server.config().timeouts().command().toNanos());
    if (proxyHeaderTimeout == null) {
      open((InetSocketAddress) ctx.channel().remoteAddress());
    } else {
      awaitProxyHeader();
    }
    ctx.fireChannelActive();
  }

  private void awaitProxyHeader() {
    if (!admission.awaitHeader(ctx, proxyHeaderTimeout, this::proxyHeaderTimedOut)) {
      LOG.info("refused {} before its PROXY header, connection limit reached", peer());
      server.metrics().rejected(RejectReason.CONNECTION_LIMIT);
      closeWith(server.replies().tooManyConnections());
    }
  }

  private void proxyHeaderTimedOut() {
    if (session == null && ctx.channel().isActive()) {
      LOG.info("closing {}: no PROXY header within {}", peer(), proxyHeaderTimeout);
      server.metrics().rejected(RejectReason.TIMEOUT);
      ctx.close();
    }
  }

  private Object peer() {
    return ctx.channel().remoteAddress();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SessionEvent.ClientResolved resolved) {
      open(resolved.client());
    } else if (event instanceof SessionEvent.DrainRequested) {
      drain();
    } else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
      LOG.info("session {}: TLS handshake failed: {}", session, handshake.cause().toString());
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  private void open(InetSocketAddress client) {
    admission.clientKnown();
    session =
        new SmtpSession(Long.toString(ThreadLocalRandom.current().nextLong() >>> 16, 36), client);
    if (!server.gate().isOpen()) {
      server.metrics().rejected(RejectReason.DRAINING);
      closeWith(server.replies().shuttingDown());
      return;
    }
    if (!admission.admit(client.getAddress())) {
      LOG.info("session {}: refused {}, connection limit reached", session, client);
      server.metrics().rejected(RejectReason.CONNECTION_LIMIT);
      closeWith(server.replies().tooManyConnections());
      return;
    }
    admitted = true;
    server.metrics().connectionOpened();
    LOG.debug("session {}: connected from {}", session, client);
    replyTiming.complete(
        server
            .policies()
            .clients()
            .checkClient(client)
            .thenApply(
                decision ->
                    decision instanceof PolicyDecision.Reject reject
                        ? new CommandResult(
                            SmtpReply.of(reject.code(), reject.enhancedCode(), reject.text()),
                            AfterReply.CLOSE,
                            RejectReason.SENDER_REFUSED,
                            s -> {})
                        : new CommandResult(
                            server.replies().greeting(), AfterReply.CONTINUE, null, s -> {})));
    ctx.flush();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastReadNanos = System.nanoTime();
    try {
      if (session == null || closing) {
        return;
      }
      if (msg instanceof ByteBuf content) {
        if (session.state() == SessionState.RECEIVING_DATA) {
          MessageReception reception = session.transaction().reception();
          reception.append(content);
          applyBackpressure(reception.writable());
        }
      } else if (msg instanceof CommandLine line) {
        onCommandLine(line.text());
      } else if (msg instanceof OverlongCommandLine) {
        apply(CommandResult.rejected(SmtpReplies.LINE_TOO_LONG, RejectReason.SYNTAX));
      } else if (msg instanceof EndOfData end) {
        if (session.state() == SessionState.RECEIVING_DATA) {
          replyTiming.complete(verbs.endOfData(session, end));
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Stops reading the socket until the spool can take more content. */
  private void applyBackpressure(CompletableFuture<Void> writable) {
    if (writable.isDone()) {
      return;
    }
    ctx.channel().config().setAutoRead(false);
    writable.whenComplete(
        (ignored, failure) ->
            ctx.executor()
                .execute(
                    () -> {
                      if (!replyTiming.waiting() && !closing) {
                        ctx.channel().config().setAutoRead(true);
                      }
                    }));
  }

  private void onCommandLine(String text) {
    SaslExchange exchange = session.saslExchange();
    if (exchange != null) {
      session.saslExchange(null);
      replyTiming.complete(exchange.respond(session, text));
      return;
    }
    int space = text.indexOf(' ');
    String verb = space < 0 ? text : text.substring(0, space);
    String argument = space < 0 ? "" : text.substring(space + 1);
    Optional<CommandHandler> handler = verbs.find(verb);
    if (handler.isEmpty()) {
      apply(CommandResult.rejected(SmtpReplies.UNKNOWN_COMMAND, RejectReason.SYNTAX));
      return;
    }
    replyTiming.complete(handler.get().handle(session, argument));
  }

  /** Applies a finished result; a command that failed closes the session with 421. */
  private void reply(CompletableFuture<CommandResult> result) {
    CommandResult outcome;
    try {
      outcome = result.join();
    } catch (RuntimeException e) {
      LOG.error("session {}: command failed", session, e);
      outcome =
          new CommandResult(server.replies().internalError(), AfterReply.CLOSE, null, s -> {});
    }
    apply(outcome);
  }

  private void apply(CommandResult result) {
    result.effect().accept(session);
    if (result.rejectReason() != null) {
      server.metrics().rejected(result.rejectReason());
    }
    switch (result.next()) {
      case CLOSE -> {
        closeWith(result.reply());
        return;
      }
      case START_TLS -> startTls(result.reply());
      case RECEIVE_DATA -> {
        decoder.receiveData();
        ctx.write(result.reply());
      }
      case CONTINUE -> ctx.write(result.reply());
    }
    if (result.reply().isError() && session.countError() >= server.config().limits().maxErrors()) {
      LOG.info("session {}: too many errors, closing", session);
      server.metrics().rejected(RejectReason.TOO_MANY_ERRORS);
      session.resetTransaction();
      closeWith(server.replies().tooManyErrors());
    } else if (drainRequested && !session.inTransaction()) {
      closeWith(server.replies().shuttingDown());
    }
  }

  private void startTls(SmtpReply ready) {
    SslHandler tls = new SslHandler(server.sslContext().newEngine(ctx.alloc()), true);
    ctx.pipeline().addBefore(ctx.pipeline().context(decoder).name(), "tls", tls);
    decoder.discardBufferedInput();
    session.startTls();
    ctx.writeAndFlush(ready);
  }

  private void closeWith(SmtpReply reply) {
    closing = true;
    decoder.pause();
    ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
  }

  private void drain() {
    drainRequested = true;
    if (session == null) {
      ctx.close();
    } else if (!closing && !replyTiming.waiting() && !session.inTransaction()) {
      closeWith(server.replies().shuttingDown());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timeoutCheck != null) {
      timeoutCheck.cancel(false);
    }
    admission.closed();
    if (session != null && session.state() != SessionState.COMMITTING) {
      session.resetTransaction();
    }
    if (admitted) {
      admitted = false;
      admission.release(session.client().getAddress());
      server.metrics().connectionClosed();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.warn("session {}: closing after error: {}", session, cause.toString());
    if (session != null && session.state() != SessionState.COMMITTING) {
      session.resetTransaction();
    }
    if (closing || !ctx.channel().isActive()) {
      ctx.close();
    } else {
      closeWith(server.replies().internalError());
    }
  }

  private void scheduleTimeoutCheck(long delayNanos) {
    timeoutCheck = ctx.executor().schedule(this::checkTimeout, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** RFC 5321 4.5.3.2: a silent client gets 421 and is disconnected. */
  private void checkTimeout() {
    if (closing || !ctx.channel().isActive()) {
      return;
    }
    boolean inData = session != null && session.state() == SessionState.RECEIVING_DATA;
    long limit =
        (inData ? server.config().timeouts().dataBlock() : server.config().timeouts().command())
            .toNanos();
    long idle = System.nanoTime() - lastReadNanos;
    boolean waiting = replyTiming.waiting();
    if (waiting || idle < limit) {
      scheduleTimeoutCheck(waiting ? limit : limit - idle);
      return;
    }
    LOG.info("session {}: timed out", session);
    server.metrics().rejected(RejectReason.TIMEOUT);
    if (session != null) {
      session.resetTransaction();
    }
    closeWith(server.replies().timeout());
  }
}
