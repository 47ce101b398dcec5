package io.mailfleet.mta.admin;

import static io.netty.handler.codec.http.HttpResponseStatus.OK;

import io.mailfleet.mta.config.DurationText;
import io.mailfleet.mta.egress.SourceStatus;
import io.mailfleet.mta.http.HttpReplies;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolCondition;
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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the admin API: health, readiness, metrics, queue figures, egress sources, sites, drain and
 * transfer.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

  private final Spool spool;
  private final MtaMetrics metrics;
  private final AcceptGate gate;
  private final Clock clock;
  private final Supplier<List<SourceStatus>> sources;
  private final SiteAdmin sites;
  private final TransferApi transfer;

  AdminHandler(
      Spool spool,
      MtaMetrics metrics,
      AcceptGate gate,
      Clock clock,
      Supplier<List<SourceStatus>> sources,
      SiteAdmin sites,
      PeerTransfers transfers) {
    this.sources = sources;
    this.sites = sites;
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
      case "/healthz" -> only(HttpMethod.GET, ctx, req, () -> liveness(ctx, req));
      case "/readyz" -> only(HttpMethod.GET, ctx, req, () -> readiness(ctx, req));
      case "/metrics" -> only(HttpMethod.GET, ctx, req, () -> scrape(ctx, req));
      case "/api/v1/queue" ->
          only(HttpMethod.GET, ctx, req, () -> HttpReplies.json(ctx, req, OK, queue()));
      case "/api/v1/sources" ->
          only(HttpMethod.GET, ctx, req, () -> HttpReplies.json(ctx, req, OK, sources.get()));
      case "/api/v1/drain" -> only(HttpMethod.POST, ctx, req, () -> drain(ctx, req));
      case "/api/v1/undrain" -> only(HttpMethod.POST, ctx, req, () -> undrain(ctx, req));
      case "/api/v1/sites" ->
          only(HttpMethod.GET, ctx, req, () -> HttpReplies.json(ctx, req, OK, sites.sites()));
      case "/api/v1/transfer" -> transfer.handle(ctx, req);
      default -> {
        if (path.startsWith(SITES_PREFIX)) {
          siteAction(ctx, req, path.substring(SITES_PREFIX.length()));
        } else {
          HttpReplies.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no such path: " + path);
        }
      }
    }
  }

  private static final String SITES_PREFIX = "/api/v1/sites/";

  /** The longest suspension by hand: a week, after which a site is tried again. */
  private static final Duration MAX_SUSPENSION = Duration.ofDays(7);

  /** {@code POST /api/v1/sites/{name}/suspend[?for=15m]} and {@code .../{name}/resume}. */
  private void siteAction(ChannelHandlerContext ctx, FullHttpRequest req, String rest)
      throws IOException {
    int slash = rest.lastIndexOf('/');
    String name = slash < 0 ? "" : rest.substring(0, slash);
    String action = rest.substring(slash + 1);
    if (name.isEmpty() || !(action.equals("suspend") || action.equals("resume"))) {
      HttpReplies.error(
          ctx, req, HttpResponseStatus.NOT_FOUND, "no such path: " + SITES_PREFIX + rest);
      return;
    }
    only(HttpMethod.POST, ctx, req, () -> siteAction(ctx, req, name, action));
  }

  private void siteAction(ChannelHandlerContext ctx, FullHttpRequest req, String name, String act) {
    Duration duration;
    try {
      duration = suspendFor(req);
    } catch (IllegalArgumentException e) {
      HttpReplies.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "for: " + e.getMessage());
      return;
    }
    boolean known = act.equals("suspend") ? sites.suspend(name, duration) : sites.resume(name);
    if (!known) {
      HttpReplies.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no such site: " + name);
      return;
    }
    LOG.info("site {}: {} by the admin API", name, act.equals("suspend") ? "suspended" : "resumed");
    HttpReplies.json(
        ctx, req, OK, sites.sites().stream().filter(s -> s.name().equals(name)).toList());
  }

  /** The {@code for} query parameter, or {@code null} for the site rule's time. */
  private static Duration suspendFor(FullHttpRequest req) {
    List<String> values = new QueryStringDecoder(req.uri()).parameters().get("for");
    if (values == null || values.isEmpty()) {
      return null;
    }
    Duration duration;
    try {
      duration = DurationText.parse(values.get(0));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("too long: " + values.get(0), e);
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_SUSPENSION) > 0) {
      throw new IllegalArgumentException("must be positive and at most " + MAX_SUSPENSION);
    }
    return duration;
  }

  /** A reply that may fail while it writes the body. */
  private interface Reply {
    void send() throws IOException;
  }

  private QueueSummary queue() {
    return QueueSummary.of(spool, gate, clock.instant());
  }

  /** Live unless the spool has been unable to write for too long (see ADR 0014). */
  private void liveness(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (spool.makesProgress()) {
      HttpReplies.text(ctx, req, OK, "ok\n");
    } else {
      HttpReplies.text(
          ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "spool writes failing too long\n");
    }
  }

  private void readiness(ChannelHandlerContext ctx, FullHttpRequest req) {
    SpoolCondition condition = spool.condition();
    if (gate.isDraining()) {
      HttpReplies.text(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "draining\n");
    } else if (condition != SpoolCondition.WRITABLE) {
      HttpReplies.text(
          ctx,
          req,
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "spool " + condition.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "\n");
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

  /**
   * Reopens intake after a drain: the operator calls this when the transfer of a pod it meant to
   * remove failed, so the pod stays and must take mail again. 409 while the MTA shuts down.
   */
  private void undrain(ChannelHandlerContext ctx, FullHttpRequest req) {
    try {
      if (gate.undrain()) {
        LOG.info("drain called off: taking new SMTP connections, transactions and injections");
      }
    } catch (IllegalStateException e) {
      HttpReplies.error(ctx, req, HttpResponseStatus.CONFLICT, e.getMessage());
      return;
    }
    HttpReplies.json(ctx, req, OK, Map.of("draining", false, "queue", queue()));
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
