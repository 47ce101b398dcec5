package io.mailfleet.mta.smtp;

import io.mailfleet.mta.config.ListenerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ESMTP server: binds every configured listener, and on shutdown stops accepting, lets the
 * transactions in flight finish within a bound, and closes the rest.
 */
public final class SmtpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);

  private final SmtpServerContext context;
  private final SmtpVerbs verbs;
  private final ConnectionLimiter limiter;
  private final EventLoopGroup acceptors = new NioEventLoopGroup(1);
  private final EventLoopGroup workers = new NioEventLoopGroup();
  private final ChannelGroup listeners = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ChannelGroup sessions = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

  /**
   * A server for {@code context} that answers {@code verbs} (the MTA: {@code
   * SmtpCommands.standard}).
   */
  public SmtpServer(SmtpServerContext context, SmtpVerbs verbs) {
    this.context = context;
    this.verbs = verbs;
    this.limiter =
        new ConnectionLimiter(
            context.config().limits().maxConnections(),
            context.config().limits().maxConnectionsPerClient());
  }

  /** Binds every listener; returns the bound addresses in configuration order. */
  public List<InetSocketAddress> start() throws InterruptedException {
    List<InetSocketAddress> bound = new ArrayList<>();
    try {
      for (ListenerConfig listener : context.config().listeners()) {
        ServerBootstrap bootstrap =
            new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(
                    new SmtpServerInitializer(context, verbs, limiter, listener, sessions));
        Channel channel = bootstrap.bind(listener.address(), listener.port()).sync().channel();
        listeners.add(channel);
        InetSocketAddress address = (InetSocketAddress) channel.localAddress();
        bound.add(address);
        LOG.info(
            "SMTP listener {} on {}{}",
            listener.name(),
            address,
            listener.proxyProtocol() ? " (PROXY protocol)" : "");
      }
    } catch (InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
    return bound;
  }

  /** Closes the listening sockets; open sessions go on. */
  public void stopAccepting() {
    listeners.close().awaitUninterruptibly();
  }

  /**
   * Stops accepting, asks every session to finish its transaction and close with 421, and waits up
   * to {@code grace}; sessions still open then are cut. Returns whether all closed in time.
   */
  public boolean drain(Duration grace) throws InterruptedException {
    stopAccepting();
    for (Channel session : sessions) {
      session.pipeline().fireUserEventTriggered(new SessionEvent.DrainRequested());
    }
    boolean finished = sessions.newCloseFuture().await(grace.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      LOG.warn("{} SMTP sessions still open after {}; closing them", sessions.size(), grace);
      sessions.close().awaitUninterruptibly();
    }
    return finished;
  }

  /** SMTP sessions open now. */
  public int openSessions() {
    return sessions.size();
  }

  @Override
  public void close() {
    listeners.close().awaitUninterruptibly();
    sessions.close().awaitUninterruptibly();
    acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
