package io.banyan.node.server;

import io.banyan.node.command.model.CommandTable;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.engine.Engine;
import io.banyan.node.http.HealthServer;
import io.banyan.node.log.ServerLog;
import io.banyan.node.persistence.Persistence;
import io.banyan.node.persistence.PersistenceException;
import io.banyan.node.replication.Replication;
import io.banyan.node.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A data node's network server: one acceptor thread, and one event loop that performs all client IO
 * and all command execution (see {@link Engine} for why). Uses epoll when the native transport is
 * available, NIO otherwise.
 */
public final class BanyanServer implements AutoCloseable {
  private final ServerConfig config;
  private final ServerLog log;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup commandLoop;
  private final Engine engine;
  private final ServerCron cron;
  private final List<Channel> listeners = new ArrayList<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final boolean epoll;
  private final Persistence persistence;
  private final Replication replication;
  private final TlsContexts tls;
  private final List<Channel> tlsListeners = new ArrayList<>();
  private volatile boolean persistenceClosed;
  private CompletableFuture<Void> ready = new CompletableFuture<>();
  private HealthServer http;

  public BanyanServer(ServerConfig config, ServerLog log) {
    this(config, log, table -> {});
  }

  /**
   * A server whose command table is the standard one plus what {@code extraCommands} adds to it
   * (tests add test-only commands).
   */
  public BanyanServer(ServerConfig config, ServerLog log, Consumer<CommandTable> extraCommands) {
    this.config = config;
    this.log = log;
    this.epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.acceptor = new MultiThreadIoEventLoopGroup(1, io);
    this.commandLoop = new MultiThreadIoEventLoopGroup(1, io);
    EventLoop loop = commandLoop.next();
    NodeAssembly node = new NodeAssembly(config, log, loop, this::replicationPort, extraCommands);
    this.tls = node.tls;
    this.engine = node.engine;
    this.persistence = node.persistence;
    this.replication = node.replication;
    this.engine.setShutdownHook(
        () -> {
          // SHUTDOWN already ran the persistence step on the command thread.
          persistenceClosed = true;
          new Thread(this::close, "shutdown").start();
        });
    this.cron = new ServerCron(engine);
  }

  public Engine engine() {
    return engine;
  }

  /**
   * Binds every configured address, then loads the dataset (AOF or RDB) and waits for the load;
   * clients that connect meanwhile get {@code -LOADING} for what Redis refuses while loading.
   *
   * @throws PersistenceException when the data on disk cannot be loaded
   * @throws IllegalStateException when an address cannot be bound
   */
  public BanyanServer start() throws InterruptedException {
    begin();
    return awaitLoaded();
  }

  /**
   * Binds every configured address and starts loading the dataset, without waiting for the load.
   * Periodic work (cron) and replication start once the load is done: nothing may reach a replica,
   * or be served to one, from a partial dataset.
   *
   * @throws IllegalStateException when an address cannot be bound
   */
  public BanyanServer begin() {
    bind();
    ready =
        submitToLoop(persistence::startLoad)
            .thenCompose(load -> load)
            .thenRun(
                () -> {
                  cron.start();
                  replication.startFromConfig();
                  log.notice(
                      "Ready to accept connections on "
                          + (listeners.isEmpty() ? "" : "port " + port())
                          + (listeners.isEmpty() || tlsListeners.isEmpty() ? "" : " and ")
                          + (tlsListeners.isEmpty() ? "" : "TLS port " + tlsPort())
                          + " ("
                          + (epoll ? "epoll" : "nio")
                          + " transport)");
                });
    return this;
  }

  /**
   * Waits until the load started by {@link #begin} is done and the node serves normally.
   *
   * @throws PersistenceException when the data on disk cannot be loaded (the server is closed)
   */
  public BanyanServer awaitLoaded() throws InterruptedException {
    try {
      ready.get();
      return this;
    } catch (java.util.concurrent.ExecutionException e) {
      close();
      Throwable cause = e.getCause();
      if (cause instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null) {
        cause = ce.getCause();
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new PersistenceException("loading failed: " + cause, cause);
    }
  }

  private <T> CompletableFuture<T> submitToLoop(java.util.function.Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, commandLoop.next());
  }

  private void bind() {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(acceptor, commandLoop)
            .channel(channelType())
            .option(ChannelOption.SO_BACKLOG, config.tcpBacklog)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, config.tcpKeepaliveSeconds > 0)
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .childHandler(new ServerInitializer(engine, tls, false));
    try {
      // As in Redis, port 0 with a tls-port is a TLS-only node; port 0 alone (tests) still means
      // "any free port".
      if (config.port != 0 || config.tls.port == 0) {
        listeners.addAll(Listeners.bind(b, config.bind, config.port, log, "the client port"));
      }
      if (config.tls.port > 0) {
        ServerBootstrap tlsBootstrap =
            b.clone().childHandler(new ServerInitializer(engine, tls, true));
        tlsListeners.addAll(
            Listeners.bind(tlsBootstrap, config.bind, config.tls.port, log, "the TLS port"));
        tls.startWatching();
      }
      if (config.banyanHttpPort > 0) {
        http = new HealthServer(engine, replication, ioFactory(), channelType(), this::port);
        http.start(config.bind, config.banyanHttpPort);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private Class<? extends ServerChannel> channelType() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  private IoHandlerFactory ioFactory() {
    return epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  /** The HTTP listener's port, or 0 when there is none. */
  public int httpPort() {
    return http == null ? 0 : http.port();
  }

  /** The TLS port bound, or 0 when there is no TLS listener. */
  public int tlsPort() {
    if (tlsListeners.isEmpty()) {
      return 0;
    }
    return ((InetSocketAddress) tlsListeners.get(0).localAddress()).getPort();
  }

  /**
   * The port a replica announces to its master (REPLCONF listening-port): with tls-replication, its
   * TLS port, as Redis does, so that the master's view of it (ROLE, INFO, FAILOVER) is reachable.
   */
  private int replicationPort() {
    return config.tls.replication && tlsPort() > 0 ? tlsPort() : port();
  }

  /** The port actually bound (useful with {@code port 0} in tests). */
  public int port() {
    if (listeners.isEmpty()) {
      return config.port;
    }
    return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
  }

  /** Runs a task on the command thread and waits for its result; for tests and tooling. */
  public <T> T onCommandThread(java.util.concurrent.Callable<T> task) throws Exception {
    return engine.eventLoop().submit(task).get(30, TimeUnit.SECONDS);
  }

  /** Completes when the server has stopped. */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  @Override
  public void close() {
    if (stopped.isDone()) {
      return;
    }
    if (!ready.isDone() && !commandLoop.isShuttingDown()) {
      // Shut down while loading: stop the load (nothing is saved over a partly loaded dataset).
      commandLoop.execute(persistence::cancelLoad);
    }
    if (!persistenceClosed && !commandLoop.isShuttingDown()) {
      // SIGTERM or an embedding program closing us: save and flush as SHUTDOWN would.
      persistenceClosed = true;
      try {
        String error =
            commandLoop
                .submit(
                    () -> {
                      engine.stopInput();
                      return persistence.beforeShutdown(Persistence.ShutdownSave.DEFAULT, false);
                    })
                .get(10, TimeUnit.MINUTES);
        if (error != null) {
          log.warning("Persistence failed at shutdown: " + error);
        }
      } catch (Exception e) {
        log.warning("Persistence failed at shutdown: " + e);
      }
    }
    cron.stop();
    if (http != null) {
      http.close();
    }
    for (Channel ch : listeners) {
      ch.close().awaitUninterruptibly();
    }
    for (Channel ch : tlsListeners) {
      ch.close().awaitUninterruptibly();
    }
    tls.close();
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    commandLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    stopped.complete(null);
  }
}
