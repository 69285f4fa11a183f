package io.banyan.node.server;

import io.banyan.node.engine.Engine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** Builds each client connection's pipeline: byte counting, RESP decoding, the client handler. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
  private final Engine engine;

  ServerInitializer(Engine engine) {
    this.engine = engine;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
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
