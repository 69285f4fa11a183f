package io.banyan.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.resp.ProtocolException;
import io.banyan.node.resp.RequestLimits;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Netty adapter around the pure decoder (the decoder itself: resp.RespDecoderTest). */
class RequestDecoderTest {
  @Test
  void passesEachRequestOnAndKeepsPartialOnesAcrossReads() {
    EmbeddedChannel ch = new EmbeddedChannel(new RequestDecoder(RequestLimits.DEFAULTS));
    ch.writeInbound(
        Unpooled.copiedBuffer("PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nh", StandardCharsets.US_ASCII));
    assertThat((byte[][]) ch.readInbound()).isEqualTo(new byte[][] {"PING".getBytes()});
    assertThat((Object) ch.readInbound()).isNull();
    ch.writeInbound(Unpooled.copiedBuffer("i\r\n", StandardCharsets.US_ASCII));
    assertThat((byte[][]) ch.readInbound())
        .isEqualTo(new byte[][] {"ECHO".getBytes(), "hi".getBytes()});
  }

  @Test
  void protocolErrorsReachTheHandlerAsTheCauseOfADecoderException() {
    EmbeddedChannel ch = new EmbeddedChannel(new RequestDecoder(RequestLimits.DEFAULTS));
    assertThatThrownBy(
            () -> ch.writeInbound(Unpooled.copiedBuffer("*1\r\n:1\r\n", StandardCharsets.US_ASCII)))
        .isInstanceOf(DecoderException.class)
        .cause()
        .isInstanceOf(ProtocolException.class)
        .hasMessage("expected '$', got ':'");
  }
}
