package io.mailfleet.mta.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.HttpListenerConfig;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limits every HTTP listener (admin, injection) puts on its connections. */
class HttpListenerTest {

  private static final String REQUEST = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

  private HttpListener listener;

  @AfterEach
  void stop() {
    if (listener != null) {
      listener.close();
    }
  }

  private void start(int maxConnections, Duration idleTimeout) {
    listener =
        HttpListener.start(
            "test",
            new HttpListenerConfig("127.0.0.1", 0, maxConnections, idleTimeout, null, null),
            1,
            64 * 1024,
            TokenGuard.of(
                "test", HttpListenerConfig.of("127.0.0.1", 0), r -> true, new MtaMetrics()),
            HttpListenerTest::answering);
  }

  private static SimpleChannelInboundHandler<FullHttpRequest> answering() {
    return new SimpleChannelInboundHandler<>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpReplies.text(ctx, request, io.netty.handler.codec.http.HttpResponseStatus.OK, "ok");
      }
    };
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", listener.port());
    socket.setSoTimeout(5_000);
    return socket;
  }

  /** What the server sends until it closes; fails the test if it keeps the socket open. */
  private static String untilClosed(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    try {
      for (int b = in.read(); b >= 0; b = in.read()) {
        text.append((char) b);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open; read so far: " + text, e);
    }
    return text.toString();
  }

  @Test
  void silentConnectionIsClosedAfterTheIdleTimeout() throws IOException {
    start(10, Duration.ofMillis(300));

    try (Socket silent = connect()) {
      long started = System.nanoTime();

      assertThat(untilClosed(silent)).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
  }

  @Test
  void connectionBeyondTheCapIsClosedAndTheNextOneAfterAFreedSlotIsServed() throws Exception {
    start(1, Duration.ofSeconds(30));

    try (Socket first = connect()) {
      first.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
      assertThat(first.getInputStream().read())
          .as("the first connection is served")
          .isNotNegative();
      try (Socket second = connect()) {
        assertThat(untilClosed(second)).as("nothing for a connection over the cap").isEmpty();
      }
    }
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              try (Socket third = connect()) {
                third.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
                assertThat(third.getInputStream().read()).isNotNegative();
              }
            });
  }
}
