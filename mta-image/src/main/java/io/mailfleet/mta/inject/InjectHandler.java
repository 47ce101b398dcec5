package io.mailfleet.mta.inject;

import io.mailfleet.mta.http.HttpReplies;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.intake.Ingress;
import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolCondition;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.time.Clock;
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
  private final InjectionIntake intake;

  InjectHandler(Spool spool, MtaMetrics metrics, AcceptGate gate, Clock clock) {
    this.spool = spool;
    this.metrics = metrics;
    this.gate = gate;
    this.intake = new InjectionIntake(spool, metrics, clock, Ingress.HTTP);
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
      request = InjectionRequest.read(new ByteBufInputStream(req.content()));
    } catch (InvalidInjectionException e) {
      metrics.messageRejected(Ingress.HTTP, RejectReason.BAD_REQUEST);
      HttpReplies.error(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage());
      return;
    }
    spoolIt(ctx, HttpUtil.isKeepAlive(req), request);
  }

  private void spoolIt(ChannelHandlerContext ctx, boolean keepAlive, InjectionRequest request) {
    intake
        .commit(request, clientOf(ctx))
        .whenComplete(
            (MessageId id, Throwable error) -> {
              if (error != null) {
                HttpReplies.error(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "message not stored, try again: " + error.getMessage());
                return;
              }
              HttpReplies.json(
                  ctx, keepAlive, HttpResponseStatus.ACCEPTED, Map.of("id", id.value()));
            });
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
