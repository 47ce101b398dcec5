package io.mailfleet.mta.inject;

import io.mailfleet.mta.http.HttpListener;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.Spool;
import java.time.Clock;

/** The HTTP injection API listener: {@code POST /api/v1/messages}. */
public final class InjectServer implements AutoCloseable {

  /**
   * Largest request body; the JSON carries the whole message, so this bounds memory per request.
   */
  public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

  private final HttpListener listener;

  private InjectServer(HttpListener listener) {
    this.listener = listener;
  }

  /** Binds {@code address:port} (0 picks a free port) and serves until closed. */
  public static InjectServer start(
      String address, int port, Spool spool, MtaMetrics metrics, AcceptGate gate, Clock clock) {
    return new InjectServer(
        HttpListener.start(
            "inject",
            address,
            port,
            2,
            MAX_REQUEST_BYTES,
            () -> new InjectHandler(spool, metrics, gate, clock)));
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
