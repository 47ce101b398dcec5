package io.mailfleet.mta.http;

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
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small HTTP/1.1 server socket: bootstrap, bind, and {@link #close()} that shuts its event
 * loops down. Requests are aggregated up to {@code maxRequestBytes} and handed to a fresh handler
 * per connection.
 */
public final class HttpListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

  private final String name;
  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers;
  private final Channel channel;

  private HttpListener(
      String name,
      String address,
      int port,
      int threads,
      int maxRequestBytes,
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
                      ch.pipeline()
                          // bytes <-> HttpRequest/HttpContent and HttpResponse
                          .addLast(new HttpServerCodec())
                          // keep-alive and Connection: close as the client asks
                          .addLast(new HttpServerKeepAliveHandler())
                          // one FullHttpRequest per request; 413 beyond the limit
                          .addLast(new HttpObjectAggregator(maxRequestBytes))
                          // the routes
                          .addLast(handler.get());
                    }
                  })
              .bind(address, port)
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
      throw e;
    }
    LOG.info("{} HTTP listener on {}", name, channel.localAddress());
  }

  /** Binds {@code address:port} (port 0 picks a free one) and starts serving. */
  public static HttpListener start(
      String name,
      String address,
      int port,
      int threads,
      int maxRequestBytes,
      Supplier<ChannelHandler> handler) {
    return new HttpListener(name, address, port, threads, maxRequestBytes, handler);
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
