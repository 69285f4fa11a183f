package io.banyan.node.server;

import io.banyan.node.resp.RequestLimits;
import io.banyan.node.resp.RespDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The pipeline's request decoder: Netty accumulates a connection's bytes, {@link RespDecoder} turns
 * them into argument vectors ({@code byte[][]}) for the {@link ClientHandler}. A protocol error
 * reaches the handler as a {@code DecoderException} around the {@code ProtocolException}.
 */
final class RequestDecoder extends ByteToMessageDecoder {
  private final RespDecoder decoder;

  RequestDecoder(RequestLimits limits) {
    this.decoder = new RespDecoder(limits);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    // One request per call: Netty hands it to the handler, which runs it, before decoding the
    // next one (see RespDecoder.next).
    byte[][] argv = decoder.next(in);
    if (argv != null) {
      out.add(argv);
    }
  }
}
