package io.mailfleet.mta.http;

import io.mailfleet.mta.config.HttpListenerConfig;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a guarded request through only with {@code Authorization: Bearer <token>} (RFC 6750)
 * matching the listener's token file; anything else gets 401 with a {@code WWW-Authenticate}
 * challenge and never reaches the routes. Without a token file (a loopback listener: {@link
 * HttpListenerConfig} refuses any other) every request passes. Refusals are counted in {@code
 * mailfleet_mta_http_requests_refused_total} and logged at most once a minute.
 */
@Sharable
public final class TokenGuard extends ChannelInboundHandlerAdapter {

  /** Why a guarded request was refused; the metric's {@code reason} label. */
  public enum Refusal {
    /** No {@code Authorization: Bearer} header. */
    MISSING_TOKEN,
    /** A bearer token that is not the listener's. */
    WRONG_TOKEN;

    /** The label value. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(TokenGuard.class);

  private static final String BEARER = "Bearer ";

  /** One log line per minute at most: a scanner or a guessing loop must not flood the log. */
  private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

  private final String listener;
  private final BearerToken token;
  private final Predicate<HttpRequest> guarded;
  private final MtaMetrics metrics;
  private final AtomicLong nextLogAt = new AtomicLong(System.nanoTime());
  private final AtomicLong unlogged = new AtomicLong();

  private TokenGuard(
      String listener, BearerToken token, Predicate<HttpRequest> guarded, MtaMetrics metrics) {
    this.listener = listener;
    this.token = token;
    this.guarded = guarded;
    this.metrics = metrics;
  }

  /**
   * The guard of listener {@code listener}: requests {@code guarded} selects need the token in
   * {@code config.tokenFile()}, read now.
   *
   * @throws IllegalArgumentException when the token file holds no usable token
   */
  public static TokenGuard of(
      String listener,
      HttpListenerConfig config,
      Predicate<HttpRequest> guarded,
      MtaMetrics metrics) {
    BearerToken token = config.tokenFile() == null ? null : BearerToken.read(config.tokenFile());
    if (token == null) {
      LOG.info("{} HTTP listener on loopback takes requests without a token", listener);
    }
    return new TokenGuard(listener, token, guarded, metrics);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (token == null || !(msg instanceof FullHttpRequest req) || !guarded.test(req)) {
      ctx.fireChannelRead(msg);
      return;
    }
    String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    Refusal refusal = refusal(authorization);
    if (refusal == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      refused(ctx, req, refusal);
      HttpReplies.unauthorized(
          ctx,
          req,
          challenge(refusal),
          refusal == Refusal.MISSING_TOKEN
              ? "this request needs Authorization: Bearer <token> (the "
                  + listener
                  + " token, see docs/operations.md)"
              : "the bearer token is not the " + listener + " token");
    } finally {
      ReferenceCountUtil.release(req);
    }
  }

  private Refusal refusal(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Refusal.MISSING_TOKEN;
    }
    return token.matches(authorization.substring(BEARER.length()).strip())
        ? null
        : Refusal.WRONG_TOKEN;
  }

  private String challenge(Refusal refusal) {
    String realm = "Bearer realm=\"mailfleet-" + listener + "\"";
    return refusal == Refusal.WRONG_TOKEN ? realm + ", error=\"invalid_token\"" : realm;
  }

  private void refused(ChannelHandlerContext ctx, FullHttpRequest req, Refusal refusal) {
    metrics.httpRequestRefused(listener, refusal.label());
    long now = System.nanoTime();
    long due = nextLogAt.get();
    if (now - due >= 0 && nextLogAt.compareAndSet(due, now + LOG_INTERVAL_NANOS)) {
      LOG.warn(
          "{}: refused {} {} from {}: {} ({} more refused since the last such line)",
          listener,
          req.method(),
          new QueryStringDecoder(req.uri()).path(),
          ctx.channel().remoteAddress(),
          refusal.label().replace('_', ' '),
          unlogged.getAndSet(0));
    } else {
      unlogged.incrementAndGet();
    }
  }
}
