package io.banyan.node.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespDecoderTest {
  private static DecoderFeed channel(RequestLimits limits) {
    return new DecoderFeed(limits);
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  private static List<String> args(byte[][] decoded) {
    List<String> out = new ArrayList<>();
    for (byte[] a : decoded) {
      out.add(new String(a, StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  @Test
  void decodesMultiBulkRequests() {
    DecoderFeed ch = channel(RequestLimits.DEFAULTS);
    ch.write(bytes("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n"));
    assertThat(args(ch.read())).containsExactly("SET", "key", "va\r\nl");
  }

  @Test
  void decodesRequestsSplitAtEveryByte() {
    DecoderFeed ch = channel(RequestLimits.DEFAULTS);
    String req = "*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\nPING\r\n";
    for (char c : req.toCharArray()) {
      ch.write(bytes(String.valueOf(c)));
    }
    assertThat(args(ch.read())).containsExactly("ECHO", "hello world");
    assertThat(args(ch.read())).containsExactly("PING");
    assertThat((Object) ch.read()).isNull();
  }

  @Test
  void decodesInlineRequestsWithQuotes() {
    DecoderFeed ch = channel(RequestLimits.DEFAULTS);
    ch.write(bytes("set \"a b\" 'c d' \"\\x41\\n\"\r\nget k\n"));
    assertThat(args(ch.read())).containsExactly("set", "a b", "c d", "A\n");
    assertThat(args(ch.read())).containsExactly("get", "k");
  }

  @Test
  void ignoresEmptyRequests() {
    DecoderFeed ch = channel(RequestLimits.DEFAULTS);
    ch.write(bytes("\r\n*0\r\n   \r\nPING\r\n"));
    assertThat(args(ch.read())).containsExactly("PING");
    assertThat((Object) ch.read()).isNull();
  }

  private static String protocolError(String input, RequestLimits limits) {
    DecoderFeed ch = channel(limits);
    Throwable t = null;
    try {
      ch.write(bytes(input));
    } catch (ProtocolException e) {
      t = e;
    }
    assertThat(t).isInstanceOf(ProtocolException.class);
    return t.getMessage();
  }

  @Test
  void reportsRedisProtocolErrors() {
    assertThat(protocolError("*x\r\n", RequestLimits.DEFAULTS))
        .isEqualTo("invalid multibulk length");
    assertThat(protocolError("*2000000\r\n", RequestLimits.DEFAULTS))
        .isEqualTo("invalid multibulk length");
    assertThat(protocolError("*1\r\n:1\r\n", RequestLimits.DEFAULTS))
        .isEqualTo("expected '$', got ':'");
    assertThat(protocolError("*1\r\n$-5\r\n", RequestLimits.DEFAULTS))
        .isEqualTo("invalid bulk length");
    assertThat(protocolError("set \"unterminated\r\n", RequestLimits.DEFAULTS))
        .isEqualTo("unbalanced quotes in request");
    assertThat(protocolError("x".repeat(70_000), RequestLimits.DEFAULTS))
        .isEqualTo("too big inline request");
  }

  @Test
  void enforcesProtoMaxBulkLen() {
    RequestLimits small = limits(100, 1 << 20, true);
    assertThat(protocolError("*1\r\n$101\r\n", small)).isEqualTo("invalid bulk length");
  }

  @Test
  void unauthenticatedClientsGetTighterLimits() {
    RequestLimits unauth = limits(1 << 20, 1 << 20, false);
    assertThat(protocolError("*11\r\n", unauth)).isEqualTo("unauthenticated multibulk length");
    assertThat(protocolError("*1\r\n$16385\r\n", unauth)).isEqualTo("unauthenticated bulk length");
  }

  @Test
  void closesSilentlyWhenTheQueryBufferLimitIsReached() {
    DecoderFeed ch = channel(limits(1 << 20, 1000, true));
    assertThatThrownBy(() -> ch.write(bytes("*1\r\n$5000\r\n" + "a".repeat(1200))))
        .isInstanceOfSatisfying(ProtocolException.class, p -> assertThat(p.silent()).isTrue());
  }

  static RequestLimits limits(long maxBulk, long maxQuery, boolean authenticated) {
    return new RequestLimits() {
      @Override
      public long maxBulkLength() {
        return maxBulk;
      }

      @Override
      public long maxQueryBuffer() {
        return maxQuery;
      }

      @Override
      public boolean authenticated() {
        return authenticated;
      }
    };
  }

  @Test
  void aHugeMultibulkHeaderAllocatesOnlyWhatArrives() {
    RespDecoder decoder = new RespDecoder(RequestLimits.DEFAULTS);
    DecoderFeed ch = new DecoderFeed(decoder);
    ch.write(bytes("*1048576\r\n"));
    assertThat(decoder.allocatedArgSlots()).isEqualTo(RespDecoder.MAX_PREALLOCATED_ARGS);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      sb.append("$1\r\na\r\n");
    }
    ch.write(bytes(sb.toString()));
    // Grown by doubling as arguments came: 3000 arrived, 4096 slots.
    assertThat(decoder.allocatedArgSlots()).isEqualTo(4096);
    assertThat((Object) ch.read()).isNull();
  }

  @Test
  void aMultibulkLongerThanThePreallocationDecodesWhole() {
    DecoderFeed ch = channel(RequestLimits.DEFAULTS);
    int n = 2500;
    StringBuilder sb = new StringBuilder("*" + n + "\r\n");
    for (int i = 0; i < n; i++) {
      String v = Integer.toString(i);
      sb.append('$').append(v.length()).append("\r\n").append(v).append("\r\n");
    }
    ch.write(bytes(sb.toString()));
    List<String> args = args(ch.read());
    assertThat(args).hasSize(n);
    assertThat(args.get(n - 1)).isEqualTo(Integer.toString(n - 1));
  }

  @Test
  void aBigArgumentIsAllocatedAsItArrivesAndDecodesWhole() {
    RespDecoder decoder = new RespDecoder(RequestLimits.DEFAULTS);
    DecoderFeed ch = new DecoderFeed(decoder);
    int len = 5 * 1024 * 1024;
    ch.write(bytes("*2\r\n$3\r\nGET\r\n$" + len + "\r\n"));
    byte[] piece = new byte[64 * 1024];
    java.util.Arrays.fill(piece, (byte) 'v');
    ch.write(Unpooled.wrappedBuffer(piece));
    // Announced 5 MB, received 64 KB: the first chunk only, not the announced length.
    assertThat(decoder.allocatedBigArgBytes()).isLessThan(len);
    for (int sent = piece.length; sent < len; sent += piece.length) {
      ch.write(Unpooled.wrappedBuffer(piece));
    }
    assertThat((Object) ch.read()).isNull();
    ch.write(bytes("\r\n*1\r\n$4\r\nPING\r\n"));
    byte[][] argv = ch.read();
    assertThat(argv[1]).hasSize(len);
    assertThat(argv[1][len - 1]).isEqualTo((byte) 'v');
    assertThat(args(ch.read())).containsExactly("PING");
  }
}
