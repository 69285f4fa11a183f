package io.banyan.node.server;

import io.banyan.node.engine.Engine;
import io.banyan.node.tls.TlsContexts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * Builds each client connection's pipeline: on the TLS port the TLS handler first (and what logs a
 * failed handshake), then byte counting, RESP decoding, the client handler — the same for both
 * ports, so a TLS client is served exactly like a plain one.
 *
 * <p>The client handler admits the connection (maxclients, protected mode) when it becomes active,
 * before the handshake: a handshake in progress holds a client slot, as in Redis, so a flood of
 * unfinished handshakes is bounded by maxclients, and each by the handshake timeout.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
  private final Engine engine;
  private final TlsContexts tls;
  private final boolean tlsPort;

  /**
   * @param tls the node's TLS contexts (its failure log also watches the plain port)
   * @param tlsPort whether this is the TLS port's initializer
   */
  ServerInitializer(Engine engine, TlsContexts tls, boolean tlsPort) {
    this.engine = engine;
    this.tls = tls;
    this.tlsPort = tlsPort;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (tlsPort) {
      tls.failures().install(ch.pipeline(), tls.newServerHandler(ch.alloc()));
    } else if (tls.enabled()) {
      // Only when a TLS port exists: that is when a client may mistake one port for the other.
      ch.pipeline().addLast("tls-probe", tls.failures().newPlainPortProbe());
    }
    ClientHandler handler = new ClientHandler(engine);
    ch.pipeline()
        .addLast("input-bytes", new InputCounter(engine))
        .addLast("resp-decoder", new RequestDecoder(handler))
        .addLast("client", handler);
  }

  /** Counts bytes received for INFO stats total_net_input_bytes. */
  private static final class InputCounter extends ChannelInboundHandlerAdapter {
    private final Engine engine;

    InputCounter(Engine engine) {
      this.engine = engine;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b) {
        engine.stats().inputBytes.add(b.readableBytes());
      }
      ctx.fireChannelRead(msg);
    }
  }
}
