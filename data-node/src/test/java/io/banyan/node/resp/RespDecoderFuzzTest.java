package io.banyan.node.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds the decoder random and mutated input in random fragments. Whatever arrives, the decoder
 * must either produce argument vectors or fail with a {@link ProtocolException} — never another
 * exception, never a hang — and well-formed input must decode to exactly what was encoded, however
 * it is fragmented.
 */
class RespDecoderFuzzTest {
  private static final long SEED = 0xBA1A7L;

  @Test
  void wellFormedRequestsSurviveAnyFragmentation() {
    Random rnd = new Random(SEED);
    for (int round = 0; round < 500; round++) {
      List<byte[][]> sent = new ArrayList<>();
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      int requests = 1 + rnd.nextInt(10);
      for (int r = 0; r < requests; r++) {
        byte[][] argv = randomArgv(rnd);
        sent.add(argv);
        encode(argv, wire);
      }
      DecoderFeed ch = new DecoderFeed(RequestLimits.DEFAULTS);
      feedInFragments(ch, wire.toByteArray(), rnd);
      for (byte[][] expected : sent) {
        byte[][] got = ch.read();
        assertThat(got).isNotNull();
        assertThat(got.length).isEqualTo(expected.length);
        for (int i = 0; i < got.length; i++) {
          assertThat(got[i]).isEqualTo(expected[i]);
        }
      }
      assertThat((Object) ch.read()).isNull();
    }
  }

  @Test
  void garbageOnlyEverYieldsProtocolErrors() {
    Random rnd = new Random(SEED + 1);
    byte[] alphabet = "*$\r\n0123456789-+:abcXYZ \"'\\x".getBytes(StandardCharsets.US_ASCII);
    for (int round = 0; round < 3000; round++) {
      byte[] input;
      if (rnd.nextBoolean()) {
        input = new byte[rnd.nextInt(200)];
        for (int i = 0; i < input.length; i++) {
          input[i] = alphabet[rnd.nextInt(alphabet.length)];
        }
      } else {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        encode(randomArgv(rnd), wire);
        input = mutate(wire.toByteArray(), rnd);
      }
      DecoderFeed ch = new DecoderFeed(RequestLimits.DEFAULTS);
      try {
        feedInFragments(ch, input, rnd);
      } catch (RuntimeException e) {
        assertThat(e).as("input %s", Arrays.toString(input)).isInstanceOf(ProtocolException.class);
      }
      byte[][] decoded;
      while ((decoded = ch.read()) != null) {
        assertThat(decoded.length).isPositive();
      }
    }
  }

  private static void feedInFragments(DecoderFeed ch, byte[] data, Random rnd) {
    int pos = 0;
    while (pos < data.length) {
      int n = 1 + rnd.nextInt(Math.min(64, data.length - pos));
      ch.write(Unpooled.wrappedBuffer(Arrays.copyOfRange(data, pos, pos + n)));
      pos += n;
    }
  }

  private static byte[][] randomArgv(Random rnd) {
    byte[][] argv = new byte[1 + rnd.nextInt(6)][];
    for (int i = 0; i < argv.length; i++) {
      argv[i] = new byte[rnd.nextInt(rnd.nextInt(10) == 0 ? 5000 : 20)];
      rnd.nextBytes(argv[i]);
    }
    return argv;
  }

  private static void encode(byte[][] argv, ByteArrayOutputStream out) {
    out.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] a : argv) {
      out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(a);
      out.writeBytes(new byte[] {'\r', '\n'});
    }
  }

  private static byte[] mutate(byte[] data, Random rnd) {
    byte[] copy = data.clone();
    int edits = 1 + rnd.nextInt(4);
    for (int i = 0; i < edits && copy.length > 0; i++) {
      copy[rnd.nextInt(copy.length)] = (byte) rnd.nextInt(256);
    }
    return copy;
  }
}
