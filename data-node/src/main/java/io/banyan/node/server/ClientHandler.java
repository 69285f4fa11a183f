package io.banyan.node.server;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Engine;
import io.banyan.node.resp.ProtocolException;
import io.banyan.node.resp.RequestLimits;
import io.banyan.node.transport.NettyConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The per-connection bridge between Netty and the engine: admits or refuses the connection
 * (maxclients, protected mode), hands each decoded request to the dispatcher, flushes replies once
 * per read batch, and turns protocol errors into Redis's reply-then-close.
 *
 * <p>Runs on the command-execution event loop, like the engine it calls.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter implements RequestLimits {
  /** Redis 7.0's refusal, word for word: clients and tools recognise it. */
  static final String PROTECTED_MODE_DENIED =
      "-DENIED Redis is running in protected mode because protected mode is enabled and no"
          + " password is set for the default user. In this mode connections are only accepted"
          + " from the loopback interface. If you want to connect from external computers to Redis"
          + " you may adopt one of the following solutions: 1) Just disable protected mode sending"
          + " the command 'CONFIG SET protected-mode no' from the loopback interface by connecting"
          + " to Redis from the same host the server is running, however MAKE SURE Redis is not"
          + " publicly accessible from internet if you do so. Use CONFIG REWRITE to make this"
          + " change permanent. 2) Alternatively you can just disable the protected mode by"
          + " editing the Redis configuration file, and setting the protected mode option to 'no',"
          + " and then restarting the server. 3) If you started the server manually just for"
          + " testing, restart it with the '--protected-mode no' option. 4) Setup a an"
          + " authentication password for the default user. NOTE: You only need to do one of the"
          + " above things in order for the server to start accepting connections from the"
          + " outside.\r\n";

  private final Engine engine;
  private Client client;

  ClientHandler(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    engine.stats().connectionsReceived.increment();
    if (engine.clients().size() >= engine.config().maxClients) {
      engine.stats().rejectedConnections.increment();
      refuse(ctx, "-ERR max number of clients reached\r\n");
      return;
    }
    if (deniedByProtectedMode(ctx)) {
      engine.stats().rejectedConnections.increment();
      refuse(ctx, PROTECTED_MODE_DENIED);
      return;
    }
    client =
        new Client(
            engine.clients().nextId(),
            engine,
            new NettyConnection(ctx.channel()),
            engine.keyspace().db(0));
    engine.clients().add(client);
    ctx.fireChannelActive();
  }

  private boolean deniedByProtectedMode(ChannelHandlerContext ctx) {
    boolean defaultNopass = engine.users() == null || engine.users().defaultUser().nopass();
    return protectedModeDenies(
        engine.config().protectedMode, defaultNopass, ctx.channel().remoteAddress());
  }

  /**
   * Redis 7.0's rule: with protected mode on and the default user {@code nopass}, only clients on
   * this host (loopback, or not over IP) are accepted — whatever addresses the node binds. It asks
   * "nopass", not "can anyone sign in without a password": a default user that is nopass but off
   * still makes the node refuse remote clients, as in Redis.
   */
  static boolean protectedModeDenies(
      boolean protectedMode, boolean defaultNopass, java.net.SocketAddress remote) {
    if (!protectedMode || !defaultNopass) {
      return false;
    }
    if (remote instanceof InetSocketAddress a && a.getAddress() != null) {
      return !a.getAddress().isLoopbackAddress();
    }
    return false;
  }

  private static void refuse(ChannelHandlerContext ctx, String line) {
    ByteBuf b = ctx.alloc().buffer();
    b.writeCharSequence(line, StandardCharsets.UTF_8);
    ctx.writeAndFlush(b).addListener(f -> ctx.close());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (client == null || client.closing()) {
      return;
    }
    engine.dispatcher().dispatch(client, (byte[][]) msg);
    if (client != null && client.reply().pendingBytes() > EARLY_FLUSH_BYTES) {
      // A read batch may hold thousands of pipelined requests: replies that pile up are sent (and
      // measured against the output limits) as they grow, not only at the end of the batch.
      client.flush();
    }
  }

  /** Reply bytes a client may accumulate within one read batch before they are flushed. */
  private static final int EARLY_FLUSH_BYTES = 64 * 1024;

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (client != null) {
      client.flush();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (client != null) {
      client.reply().discard();
      engine.clientDisconnected(client);
      client = null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable t =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (t instanceof OutOfMemoryError) {
      // Netty would log it and go on, leaving a node that may be frozen in collections and half
      // broken. Fail fast, as -XX:+ExitOnOutOfMemoryError (set by the launcher) does, so the
      // supervisor restarts it; acknowledged writes are already in the AOF's page cache.
      engine.log().warning("Out of memory on the command thread: exiting. " + t);
      Runtime.getRuntime().halt(1);
    }
    if (t instanceof ProtocolException pe) {
      if (client == null) {
        ctx.close();
        return;
      }
      if (pe.silent()) {
        engine
            .log()
            .warning(
                "Closing client that reached max query buffer length: " + client.remoteAddress());
        client.closeNow();
      } else {
        engine
            .log()
            .verbose(
                "Protocol error (" + pe.getMessage() + ") from client " + client.remoteAddress());
        client.reply().error("ERR Protocol error: " + pe.getMessage());
        client.closeAfterReply();
      }
      return;
    }
    if (!(t instanceof IOException)) {
      engine.log().warning("Unexpected error on connection: " + t);
    }
    ctx.close();
  }

  // ---- RequestLimits, read by the decoder on the same thread ---------------------------------

  @Override
  public long maxBulkLength() {
    return engine.config().protoMaxBulkLen;
  }

  @Override
  public long maxQueryBuffer() {
    return engine.config().clientQueryBufferLimit;
  }

  @Override
  public boolean authenticated() {
    return client == null || client.authenticated();
  }
}
