package io.mailfleet.mta.inject;

import io.mailfleet.mta.config.HttpListenerConfig;
import io.mailfleet.mta.http.HttpListener;
import io.mailfleet.mta.http.TokenGuard;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.Spool;
import java.time.Clock;

/**
 * The HTTP injection API listener: {@code POST /api/v1/messages}. With a token file (required
 * beyond loopback: an open injection API is an open relay) every request needs the bearer token.
 */
public final class InjectServer implements AutoCloseable {

  /** Room for the JSON fields around the message: sender, recipients, punctuation. */
  static final int ENVELOPE_BYTES = 64 * 1024;

  private final HttpListener listener;

  private InjectServer(HttpListener listener) {
    this.listener = listener;
  }

  /**
   * Binds the configured address and port (0 picks a free port) and serves until closed.
   *
   * @param maxMessageSize the SMTP maximum message size, which bounds requests unless the
   *     configuration sets its own bound
   */
  public static InjectServer start(
      HttpListenerConfig config,
      long maxMessageSize,
      Spool spool,
      MtaMetrics metrics,
      AcceptGate gate,
      Clock clock) {
    return new InjectServer(
        HttpListener.start(
            "inject",
            config,
            2,
            maxRequestBytes(maxMessageSize),
            TokenGuard.of("inject", config, request -> true, metrics),
            () -> new InjectHandler(spool, metrics, gate, clock)));
  }

  /**
   * The largest request for a message of {@code maxMessageSize}: the JSON carries the whole message
   * and is buffered whole, so this bounds memory per request. A quarter more allows for JSON
   * escapes ({@code \r\n} for each line end, quotes, backslashes).
   */
  static int maxRequestBytes(long maxMessageSize) {
    return (int) Math.min(Integer.MAX_VALUE, maxMessageSize + maxMessageSize / 4 + ENVELOPE_BYTES);
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
