package io.banyan.node.http;

import io.banyan.node.engine.Engine;
import io.banyan.node.log.ServerLog;
import io.banyan.node.metrics.InfoSample;
import io.banyan.node.replication.Replication;
import io.banyan.node.server.Listeners;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The HTTP listener of {@code banyan-http-port}: Kubernetes probes ({@code /livez}, {@code
 * /readyz}), the preStop hook ({@code /prestop}) and Prometheus ({@code /metrics}). It has its own
 * single-thread event loop, so a slow scrape or a wedged command thread never delays the other; it
 * binds the same addresses as the client port. Started before the dataset loads, so the probes
 * answer during a long load.
 */
public final class HealthServer implements AutoCloseable {
  private final Engine engine;
  private final ServerLog log;
  private final EventLoopGroup group;
  private final Class<? extends ServerChannel> channelType;
  private final Replication replication;
  private final Liveness liveness;
  private final InfoSample.Sampler sampler;
  private final IntSupplier tcpPort;
  private final List<Channel> listeners = new ArrayList<>();

  public HealthServer(
      Engine engine,
      Replication replication,
      IoHandlerFactory io,
      Class<? extends ServerChannel> channelType,
      IntSupplier tcpPort) {
    this.engine = engine;
    this.replication = replication;
    this.log = engine.log();
    this.group = new MultiThreadIoEventLoopGroup(1, io);
    this.channelType = channelType;
    this.liveness = new Liveness(engine);
    this.sampler = new InfoSample.Sampler(engine);
    this.tcpPort = tcpPort;
  }

  /**
   * Binds {@code port} on the addresses of the {@code bind} option, as the client port.
   *
   * @throws IllegalStateException naming the address when a mandatory one cannot be bound
   */
  public void start(List<String> bind, int port) {
    liveness.start();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(channelType)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(64 * 1024))
                        .addLast(
                            new HealthHandler(engine, replication, liveness, sampler, tcpPort));
                  }
                });
    listeners.addAll(Listeners.bind(b, bind, port, log, "banyan-http-port"));
    log.notice("HTTP health and metrics listener on port " + port());
  }

  /** The HTTP port actually bound (useful with {@code banyan-http-port 0} in tests). */
  public int port() {
    return listeners.isEmpty()
        ? 0
        : ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
  }

  @Override
  public void close() {
    liveness.stop();
    for (Channel ch : listeners) {
      ch.close().awaitUninterruptibly();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
