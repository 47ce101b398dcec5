package io.mailfleet.mta.admin;

import static io.netty.handler.codec.http.HttpResponseStatus.OK;

import io.mailfleet.mta.http.HttpReplies;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.transfer.PeerTransfers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes the admin API: health, readiness, metrics, queue figures, drain and transfer. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

  private final Spool spool;
  private final MtaMetrics metrics;
  private final AcceptGate gate;
  private final Clock clock;
  private final TransferApi transfer;

  AdminHandler(
      Spool spool, MtaMetrics metrics, AcceptGate gate, Clock clock, PeerTransfers transfers) {
    this.spool = spool;
    this.metrics = metrics;
    this.gate = gate;
    this.clock = clock;
    this.transfer = new TransferApi(transfers);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
    String path = new QueryStringDecoder(req.uri()).path();
    switch (path) {
      case "/healthz" ->
          only(HttpMethod.GET, ctx, req, () -> HttpReplies.text(ctx, req, OK, "ok\n"));
      case "/readyz" -> only(HttpMethod.GET, ctx, req, () -> readiness(ctx, req));
      case "/metrics" -> only(HttpMethod.GET, ctx, req, () -> scrape(ctx, req));
      case "/api/v1/queue" ->
          only(HttpMethod.GET, ctx, req, () -> HttpReplies.json(ctx, req, OK, queue()));
      case "/api/v1/drain" -> only(HttpMethod.POST, ctx, req, () -> drain(ctx, req));
      case "/api/v1/transfer" -> transfer.handle(ctx, req);
      default -> HttpReplies.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no such path: " + path);
    }
  }

  /** A reply that may fail while it writes the body. */
  private interface Reply {
    void send() throws IOException;
  }

  private QueueSummary queue() {
    return QueueSummary.of(spool, gate, clock.instant());
  }

  private void readiness(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (gate.isDraining()) {
      HttpReplies.text(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "draining\n");
    } else if (!spool.isAvailable()) {
      HttpReplies.text(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "spool unavailable\n");
    } else {
      HttpReplies.text(ctx, req, OK, "ready\n");
    }
  }

  private void scrape(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
    ExpositionFormatWriter writer = metrics.writerFor(req.headers().get(HttpHeaderNames.ACCEPT));
    ByteBuf body = ctx.alloc().buffer();
    try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
      metrics.scrapeTo(out, writer);
    } catch (IOException | RuntimeException e) {
      body.release();
      throw e;
    }
    HttpReplies.send(ctx, req, OK, writer.getContentType(), body);
  }

  private void drain(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean started = gate.drain();
    if (started) {
      LOG.info("drain requested: no new SMTP connections, transactions or injections");
    }
    HttpReplies.json(
        ctx,
        req,
        started ? HttpResponseStatus.ACCEPTED : OK,
        Map.of("draining", true, "queue", queue()));
  }

  /** Sends {@code reply} when the request uses {@code method}, 405 otherwise. */
  private static void only(
      HttpMethod method, ChannelHandlerContext ctx, FullHttpRequest req, Reply reply)
      throws IOException {
    if (req.method().equals(method)) {
      reply.send();
    } else {
      HttpReplies.methodNotAllowed(ctx, req, method);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.error("admin request failed on {}; closing", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
