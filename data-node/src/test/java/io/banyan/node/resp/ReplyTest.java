package io.banyan.node.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplyTest {
  private static String encode(int protocol, java.util.function.Consumer<Reply> writer) {
    Reply r = new Reply(UnpooledByteBufAllocator.DEFAULT);
    r.setProtocol(protocol);
    writer.accept(r);
    ByteBuf b = r.take();
    String s = b.toString(StandardCharsets.UTF_8);
    b.release();
    return s;
  }

  @Test
  void resp3TypesDegradeToResp2() {
    assertThat(encode(2, r -> r.map(1))).isEqualTo("*2\r\n");
    assertThat(encode(3, r -> r.map(1))).isEqualTo("%1\r\n");
    assertThat(encode(2, r -> r.nullBulk())).isEqualTo("$-1\r\n");
    assertThat(encode(2, r -> r.nullArray())).isEqualTo("*-1\r\n");
    assertThat(encode(3, r -> r.nullArray())).isEqualTo("_\r\n");
    assertThat(encode(2, r -> r.bool(true))).isEqualTo(":1\r\n");
    assertThat(encode(3, r -> r.bool(false))).isEqualTo("#f\r\n");
    assertThat(encode(3, r -> r.push(3))).isEqualTo(">3\r\n");
    assertThat(encode(2, r -> r.set(2))).isEqualTo("*2\r\n");
    assertThat(encode(3, r -> r.verbatim("a"))).isEqualTo("=5\r\ntxt:a\r\n");
  }

  @Test
  void doublesUseRedis70Formats() {
    assertThat(encode(2, r -> r.dbl(1.1))).isEqualTo("$18\r\n1.1000000000000001\r\n");
    assertThat(encode(3, r -> r.dbl(Double.POSITIVE_INFINITY))).isEqualTo(",inf\r\n");
    assertThat(encode(2, r -> r.dbl(3))).isEqualTo("$1\r\n3\r\n");
    assertThat(DoubleFormat.g17(1e20)).isEqualTo("1e+20");
    assertThat(DoubleFormat.g17(0.0001)).isEqualTo("0.0001");
    assertThat(DoubleFormat.g17(0.00001)).isEqualTo("1.0000000000000001e-05");
    assertThat(DoubleFormat.g17(-2.5)).isEqualTo("-2.5");
    assertThat(DoubleFormat.humanFriendly(10.5 + 0.1)).isEqualTo("10.6");
    assertThat(DoubleFormat.humanFriendly(5200)).isEqualTo("5200");
  }

  @Test
  void errorsCannotBreakTheProtocol() {
    assertThat(encode(2, r -> r.error("ERR bad\r\nthing"))).isEqualTo("-ERR bad  thing\r\n");
  }
}
