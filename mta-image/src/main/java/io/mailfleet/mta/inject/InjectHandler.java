package io.mailfleet.mta.inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mailfleet.mta.http.HttpReplies;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.intake.Ingress;
import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolCondition;
import io.mailfleet.mta.spool.SpoolWriter;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/messages}: validates the JSON, spools the message and answers 202 with its id
 * only once the commit is as durable as the spool promises (the same rule as the SMTP 250).
 */
final class InjectHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  static final String PATH = "/api/v1/messages";

  private static final Logger LOG = LoggerFactory.getLogger(InjectHandler.class);

  private final Spool spool;
  private final MtaMetrics metrics;
  private final AcceptGate gate;
  private final Clock clock;

  InjectHandler(Spool spool, MtaMetrics metrics, AcceptGate gate, Clock clock) {
    this.spool = spool;
    this.metrics = metrics;
    this.gate = gate;
    this.clock = clock;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    String path = new QueryStringDecoder(req.uri()).path();
    if (!path.equals(PATH)) {
      HttpReplies.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no such path: " + path);
      return;
    }
    if (!req.method().equals(HttpMethod.POST)) {
      HttpReplies.methodNotAllowed(ctx, req, HttpMethod.POST);
      return;
    }
    if (!gate.isOpen()) {
      metrics.messageRejected(Ingress.HTTP, RejectReason.DRAINING);
      HttpReplies.error(
          ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "draining: send to another MTA");
      return;
    }
    if (spool.condition() == SpoolCondition.LOW_ON_SPACE) {
      metrics.messageRejected(Ingress.HTTP, RejectReason.SPOOL_FULL);
      HttpReplies.error(
          ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "spool low on space: try again later");
      return;
    }
    String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json");
    if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      metrics.messageRejected(Ingress.HTTP, RejectReason.BAD_REQUEST);
      HttpReplies.error(
          ctx,
          req,
          HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json, was " + contentType);
      return;
    }
    InjectionRequest request;
    try {
      request = parse(req);
    } catch (InvalidInjectionException e) {
      metrics.messageRejected(Ingress.HTTP, RejectReason.BAD_REQUEST);
      HttpReplies.error(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage());
      return;
    }
    spoolIt(ctx, HttpUtil.isKeepAlive(req), request);
  }

  private void spoolIt(ChannelHandlerContext ctx, boolean keepAlive, InjectionRequest request) {
    long start = System.nanoTime();
    Envelope envelope =
        new Envelope(request.sender(), request.recipients(), clock.instant(), clientOf(ctx));
    SpoolWriter writer = spool.begin(envelope);
    writer.write(ByteBuffer.wrap(request.canonicalMessage().getBytes(StandardCharsets.UTF_8)));
    long size = writer.size();
    writer
        .commit()
        .whenComplete(
            (MessageId id, Throwable error) -> {
              if (error != null) {
                LOG.error("injected message from {} not stored", envelope.clientAddress(), error);
                metrics.messageRejected(Ingress.HTTP, RejectReason.SPOOL_FAILURE);
                HttpReplies.error(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "message not stored, try again: " + error.getMessage());
                return;
              }
              metrics.messageReceived(Ingress.HTTP, size);
              metrics.transactionCompleted(
                  Ingress.HTTP, Duration.ofNanos(System.nanoTime() - start));
              LOG.info(
                  "message {} injected over HTTP from {} ({} bytes, {} recipients)",
                  id,
                  envelope.clientAddress(),
                  size,
                  envelope.recipients().size());
              HttpReplies.json(
                  ctx, keepAlive, HttpResponseStatus.ACCEPTED, Map.of("id", id.value()));
            });
  }

  /** The request as a validated value; every problem is an {@link InvalidInjectionException}. */
  private static InjectionRequest parse(FullHttpRequest req) {
    try (InputStream in = new ByteBufInputStream(req.content())) {
      InjectionRequest parsed = HttpReplies.JSON.readValue(in, InjectionRequest.class);
      if (parsed == null) {
        throw new InvalidInjectionException("body", "a JSON object is required");
      }
      return parsed;
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidInjectionException invalid) {
        throw invalid;
      }
      throw new InvalidInjectionException(
          "body", "not valid JSON for a message: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidInjectionException("body", "unreadable: " + e.getMessage());
    }
  }

  private static String clientOf(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a
        ? a.getAddress().getHostAddress()
        : String.valueOf(ctx.channel().remoteAddress());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.error("injection request from {} failed; closing", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
