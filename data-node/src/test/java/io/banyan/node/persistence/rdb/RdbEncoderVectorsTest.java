package io.banyan.node.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * DUMP payloads recorded from redis-server 7.0.15, which our encoder must reproduce byte for byte:
 * integer and LZF string encodings, listpacks, intsets, and the CRC-64 footer.
 */
class RdbEncoderVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String dump(Object value) {
    return HEX.formatHex(new RdbEncoder(RdbOptions.DEFAULTS).dump(value));
  }

  @Test
  void crc64MatchesTheJonesCheckValue() {
    assertThat(Crc64.of(Bytes.utf8("123456789"))).isEqualTo(0xe9c6d914c4b8d9caL);
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    long bytewise = 0;
    for (byte b : data) {
      bytewise = Crc64.update(bytewise, b);
    }
    assertThat(Crc64.of(data)).isEqualTo(bytewise);
  }

  @Test
  void integerStringsUseTheNarrowestIntegerEncoding() {
    assertThat(dump(Bytes.utf8("12"))).isEqualTo("00c00c0a003c2af8515c04bcd5");
    assertThat(dump(Bytes.utf8("-2147483648"))).isEqualTo("00c2000000800a00c74f873e33558187");
    assertThat(dump(Bytes.utf8("hello"))).isEqualTo("000568656c6c6f0a006372df766534200a");
  }

  @Test
  void longStringsAreCompressedAsRedisCompressesThem() {
    String[] expected = {
      "00c3091e016161e011000161610a0045737cbb2b647bbb",
      "00c30b1e0361626361e00f020162630a008874be6d67e59d2a",
      "00c3411343001f000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f1f"
          + "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f1f40414243444546"
          + "4748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f1f606162636465666768696a6b6c6d"
          + "6e6f707172737475767778797a7b7c7d7e7f1f808182838485868788898a8b8c8d8e8f9091929394"
          + "95969798999a9b9c9d9e9f1fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babb"
          + "bcbdbebf1fc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf1fe0e1"
          + "e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff0000e0ffffe1ecff01fe"
          + "ff0a0047249fc64238fc88",
      "00c31440780c68656c6c6f20776f726c642068e0600b0164200a00d4035f436c9a1bd7",
      "00c32d43e8017878e059000079e05a00e059c5e0ffc7e01d00212ee05800e01d89e03500e058c420"
          + "00e035a1e01b000179790a00e37c7ea397b24d72",
      "00c3404043841f54686520717569636b2062726f776e20666f78206a756d7073206f766572207420"
          + "1e0a6c617a7920646f672e2054200de0ff2ce1ff0de2ff1be33029012e200a00f154e61313fb6d70"
    };
    byte[][] values = {
      Bytes.utf8("a".repeat(30)),
      Bytes.utf8("abc".repeat(10)),
      threeTimesAllBytes(),
      Bytes.utf8("hello world ".repeat(10)),
      Bytes.utf8(("x".repeat(100) + "y".repeat(100)).repeat(5)),
      Bytes.utf8("The quick brown fox jumps over the lazy dog. ".repeat(20)),
    };
    for (int i = 0; i < values.length; i++) {
      assertThat(dump(values[i])).as("value %d", i).isEqualTo(expected[i]);
    }
  }

  private static byte[] threeTimesAllBytes() {
    byte[] b = new byte[768];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  @Test
  void smallListIsAQuicklistWithOneListpackNode() {
    ListValue l = new ListValue();
    for (String s : new String[] {"a", "1", "200", "-5000", "hello"}) {
      l.addLast(Bytes.utf8(s));
    }
    assertThat(dump(l))
        .isEqualTo(
            "1201021a1a00000005008161020101c0c802f178ec038568656c6c6f06ff0a0074a8075a84397be7");
  }

  @Test
  void smallHashIsAListpackInInsertionOrder() {
    HashValue h = new HashValue();
    h.put(Bytes.utf8("f"), Bytes.utf8("v"));
    h.put(Bytes.utf8("n"), Bytes.utf8("123"));
    assertThat(dump(h)).isEqualTo("1012120000000400816602817602816e027b01ff0a00c818cef8847cec3f");
  }

  @Test
  void integerSetIsAnIntsetAndOtherSetsAHashtable() {
    SetValue ints = new SetValue();
    for (String s : new String[] {"1", "2", "3"}) {
      ints.add(Bytes.utf8(s));
    }
    assertThat(dump(ints)).isEqualTo("0b0e02000000030000000100020003000a00a5025ce26d6e4d1b");
    SetValue strings = new SetValue();
    strings.add(Bytes.utf8("a"));
    assertThat(dump(strings)).isEqualTo("020101610a006296e97e44d21a6d");
  }

  @Test
  void smallSortedSetIsACompressedListpackWithScoresAsText() {
    ZSetValue z = new ZSetValue();
    z.add(Bytes.utf8("a"), 1.5);
    z.add(Bytes.utf8("b"), 2);
    z.add(Bytes.utf8("c"), 0.1);
    assertThat(dump(z))
        .isEqualTo(
            "11c3232c0d2c000000060081630293302e3130e005000f311481610283312e35048162020201ff0a00"
                + "8599b85dda718349");
  }
}
