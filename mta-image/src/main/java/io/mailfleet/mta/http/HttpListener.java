package io.mailfleet.mta.http;

import io.mailfleet.mta.config.HttpListenerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small HTTP/1.1 server socket: bootstrap, bind, and {@link #close()} that shuts its event
 * loops down. Requests are aggregated up to the configured {@code maxRequestBytes} (or the
 * listener's default) and handed to a fresh handler per connection; connections beyond the cap are
 * closed at once, and idle ones after the timeout.
 */
public final class HttpListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

  private final String name;
  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers;
  private final Channel channel;
  private final AtomicInteger open = new AtomicInteger();

  private HttpListener(
      String name,
      HttpListenerConfig config,
      int threads,
      int maxRequestBytes,
      TokenGuard guard,
      Supplier<ChannelHandler> handler) {
    this.name = name;
    this.workers = new NioEventLoopGroup(threads);
    try {
      this.channel =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (!admitted(ch, config.maxConnections())) {
                        return;
                      }
                      ch.pipeline()
                          // closes a connection silent both ways for the idle timeout
                          .addLast(
                              new IdleStateHandler(
                                  0, 0, config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS))
                          .addLast(IdleConnectionCloser.INSTANCE)
                          // bytes <-> HttpRequest/HttpContent and HttpResponse
                          .addLast(new HttpServerCodec())
                          // keep-alive and Connection: close as the client asks
                          .addLast(new HttpServerKeepAliveHandler())
                          // one FullHttpRequest per request; 413 beyond the limit
                          .addLast(new HttpObjectAggregator(maxRequestBytes))
                          // 401 for a guarded request without the bearer token
                          .addLast(guard)
                          // the routes
                          .addLast(handler.get());
                    }
                  })
              .bind(config.address(), config.port())
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
      throw e;
    }
    LOG.info("{} HTTP listener on {}", name, channel.localAddress());
  }

  /**
   * Binds the configured address and port (port 0 picks a free one) and starts serving.
   *
   * @param defaultMaxRequestBytes the largest request body, when the configuration leaves it to the
   *     listener
   * @param guard what keeps requests without the listener's token from the routes
   */
  public static HttpListener start(
      String name,
      HttpListenerConfig config,
      int threads,
      int defaultMaxRequestBytes,
      TokenGuard guard,
      Supplier<ChannelHandler> handler) {
    int maxRequestBytes =
        config.maxRequestBytes() == null ? defaultMaxRequestBytes : config.maxRequestBytes();
    return new HttpListener(name, config, threads, maxRequestBytes, guard, handler);
  }

  /**
   * Counts the connection against the cap until it closes; closes it at once (no request read, no
   * buffer taken) when the cap is reached.
   */
  private boolean admitted(Channel connection, int maxConnections) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      LOG.debug(
          "{}: refused {}: {} connections open", name, connection.remoteAddress(), maxConnections);
      connection.close();
      return false;
    }
    connection.closeFuture().addListener(closed -> open.decrementAndGet());
    return true;
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    try {
      channel.close().syncUninterruptibly();
    } finally {
      // The server channel is closed already: no quiet period to wait for new tasks.
      var bossDone = boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
      bossDone.syncUninterruptibly();
      LOG.info("{} HTTP listener closed", name);
    }
  }
}
