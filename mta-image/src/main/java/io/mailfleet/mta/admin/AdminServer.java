package io.mailfleet.mta.admin;

import io.mailfleet.mta.config.HttpListenerConfig;
import io.mailfleet.mta.egress.SourceStatus;
import io.mailfleet.mta.http.HttpListener;
import io.mailfleet.mta.http.TokenGuard;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.transfer.PeerTransfers;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin HTTP server on its own port: {@code /healthz}, {@code /readyz} (false while draining or
 * when the spool is unavailable), {@code /metrics}, {@code GET /api/v1/queue}, {@code GET
 * /api/v1/sources} (egress sources with their counts and caps), {@code POST /api/v1/drain}, {@code
 * POST /api/v1/undrain}, {@code GET /api/v1/sites}, {@code POST
 * /api/v1/sites/{name}/suspend|resume} and {@code /api/v1/transfer}. With a token file every
 * request but a {@code GET} (drain, transfer, site suspension: whatever changes state) needs the
 * bearer token; reads and scrapes stay open.
 */
public final class AdminServer implements AutoCloseable {

  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final HttpListener listener;

  private AdminServer(HttpListener listener) {
    this.listener = listener;
  }

  /** Binds the configured address and port (0 picks a free port) and serves until closed. */
  public static AdminServer start(
      HttpListenerConfig config,
      Spool spool,
      MtaMetrics metrics,
      AcceptGate gate,
      Clock clock,
      Supplier<List<SourceStatus>> sources,
      SiteAdmin sites,
      PeerTransfers transfers) {
    return new AdminServer(
        HttpListener.start(
            "admin",
            config,
            1,
            MAX_REQUEST_BYTES,
            TokenGuard.of("admin", config, AdminServer::changesState, metrics),
            () -> new AdminHandler(spool, metrics, gate, clock, sources, sites, transfers)));
  }

  /** Every method but GET may change state; HEAD and the rest are refused by the routes anyway. */
  private static boolean changesState(HttpRequest req) {
    return !req.method().equals(HttpMethod.GET);
  }

  /** The bound port. */
  public int port() {
    return listener.port();
  }

  @Override
  public void close() {
    listener.close();
  }
}
