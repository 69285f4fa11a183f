package io.banyan.node.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damaged input always ends in {@link RdbFormatException}: never another exception, an
 * out-of-memory error or a hang. Files are cut at every offset and have bytes flipped at every
 * offset; lengths are made huge; DUMP payloads are mutated past their checksum.
 */
class RdbCorruptionTest {
  private static byte[] file;

  @BeforeAll
  static void smallFileWithEveryEncoding() throws IOException {
    RdbTestData.useRedisDefaultLimits();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter w = new RdbWriter(out, new RdbOptions(true, true, 3, 1));
    w.writeHeader(new RdbAux("7.0.15", 1_700_000_000L, 1000, false, null));
    w.selectDb(0, 8, 1);
    w.writeKey(Bytes.utf8("int"), Bytes.utf8("-70000"), 1_800_000_000_000L, -1, -1);
    w.writeKey(Bytes.utf8("raw"), Bytes.utf8("hello"), -1, 10, -1);
    w.writeKey(Bytes.utf8("lzf"), Bytes.utf8("abcabcabcabcabcabcabcabcabcabc"), -1, -1, 5);
    ListValue list = new ListValue();
    for (String s : new String[] {"a", "1", "-300", "x".repeat(70), "b", "c", "d", "e", "f"}) {
      list.addLast(Bytes.utf8(s));
    }
    w.writeKey(Bytes.utf8("list"), list, -1, -1, -1);
    SetValue ints = new SetValue();
    ints.add(Bytes.utf8("1"));
    ints.add(Bytes.utf8("100000"));
    w.writeKey(Bytes.utf8("intset"), ints, -1, -1, -1);
    SetValue set = new SetValue();
    set.add(Bytes.utf8("m"));
    w.writeKey(Bytes.utf8("set"), set, -1, -1, -1);
    HashValue hash = new HashValue();
    hash.put(Bytes.utf8("f"), Bytes.utf8("v"));
    hash.put(Bytes.utf8("n"), Bytes.utf8("12"));
    w.writeKey(Bytes.utf8("hash"), hash, -1, -1, -1);
    HashValue big = new HashValue();
    big.put(Bytes.utf8("f"), Bytes.utf8("v".repeat(100)));
    w.writeKey(Bytes.utf8("bighash"), big, -1, -1, -1);
    w.finish();
    file = out.toByteArray();
  }

  /** Reads and returns what happened: null on success, or the RdbFormatException. */
  private static RdbFormatException read(byte[] data, long knownLength, boolean verify) {
    try {
      new RdbReader(new ByteArrayInputStream(data), knownLength, verify).read(k -> {});
      return null;
    } catch (RdbFormatException e) {
      return e;
    } catch (IOException e) {
      throw new AssertionError("not an RdbFormatException", e);
    }
  }

  @Test
  void theIntactFileReads() {
    assertThat(read(file, file.length, true)).isNull();
  }

  @Test
  void cutAtEveryOffsetFails() {
    for (int len = 0; len < file.length; len++) {
      byte[] cut = Arrays.copyOf(file, len);
      for (long known : new long[] {len, -1}) {
        RdbFormatException e = read(cut, known, true);
        assertThat(e).as("cut at %d", len).isNotNull();
        assertThat(e.offset()).isBetween(0L, (long) len);
      }
    }
  }

  @Test
  void truncationNamesOffsetAndExpectation() {
    RdbFormatException e = read(Arrays.copyOf(file, file.length - 3), -1, true);
    assertThat(e.getMessage())
        .contains("unexpected end of data")
        .contains("checksum")
        .contains("at byte offset");
  }

  @Test
  void flippedBytesAreCaught() {
    for (int i = 0; i < file.length; i++) {
      for (int mask : new int[] {0xFF, 0x01, 0x80, 0x40}) {
        byte[] bad = file.clone();
        bad[i] ^= (byte) mask;
        // with the checksum: always refused
        assertThat(read(bad, bad.length, true)).as("byte %d ^ %x", i, mask).isNotNull();
        // without it, and without a known length: refused or read, but nothing else
        read(bad, -1, false);
      }
    }
  }

  @Test
  void randomGarbageAfterTheHeaderNeverEscapes() {
    Random r = new Random(42);
    for (int i = 0; i < 3000; i++) {
      byte[] bad = Arrays.copyOf(file, 9 + r.nextInt(200));
      for (int j = 9; j < bad.length; j++) {
        bad[j] = (byte) r.nextInt(256);
      }
      read(bad, -1, false);
      assertThat(read(bad, bad.length, true)).isNotNull();
    }
  }

  @Test
  void hugeLengthsAreRefusedWithoutAllocating() {
    // A string claiming 2 GB, then 5 bytes: refused up front with a known length, and after
    // reading what there is without one (the array only grows with the data).
    byte[] data = stringClaiming(2_000_000_000L);
    assertThat(read(data, data.length, true).getMessage()).contains("runs past the end");
    assertThat(read(data, -1, true).getMessage()).contains("unexpected end of data");
    // Beyond what a Java array holds: refused whatever the input
    assertThat(read(stringClaiming(1L << 32), -1, true).getMessage()).contains("too large");
    // An endless stream of zeros after a list claiming 2^62 elements: each element is an empty
    // string, so this would run for ever if counts were trusted; it ends at the stream's end.
    RdbBuffer l = new RdbBuffer();
    l.write(Bytes.utf8("REDIS0010"));
    l.write(Rdb.TYPE_LIST);
    l.writeLength(1);
    l.write('k');
    l.writeLength(1L << 62);
    InputStream endless =
        new java.io.SequenceInputStream(
            new ByteArrayInputStream(l.toByteArray()), new ByteArrayInputStream(new byte[5000]));
    assertThatThrownBy(() -> new RdbReader(endless, -1, true).read(k -> {}))
        .isInstanceOf(RdbFormatException.class);
    // LZF claiming to expand 10 bytes into 2 GB
    RdbBuffer z = new RdbBuffer();
    z.write(Bytes.utf8("REDIS0010"));
    z.write(Rdb.TYPE_STRING);
    z.writeLength(1);
    z.write('k');
    z.write(0xC3);
    z.writeLength(10);
    z.writeLength(Integer.MAX_VALUE - 100);
    z.write(new byte[10]);
    byte[] lzf = z.toByteArray();
    assertThat(read(lzf, -1, true).getMessage()).contains("more than LZF can expand to");
  }

  private static byte[] stringClaiming(long length) {
    RdbBuffer b = new RdbBuffer();
    b.write(Bytes.utf8("REDIS0010"));
    b.write(Rdb.TYPE_STRING);
    b.writeLength(1);
    b.write('k');
    b.writeLength(length);
    b.write(Bytes.utf8("short"));
    return b.toByteArray();
  }

  @Test
  void wrongMagicAndVersions() {
    assertThat(read(Bytes.utf8("RADIS0010"), -1, true).getMessage()).contains("not an RDB file");
    assertThat(read(Bytes.utf8("REDIS0011\u00ff"), -1, true).getMessage())
        .contains("can't handle RDB format version 11");
    assertThat(read(Bytes.utf8("REDIS0000\u00ff"), -1, true).getMessage()).contains("version 0");
    assertThat(read(Bytes.utf8("REDIS00x1\u00ff"), -1, true).getMessage())
        .contains("invalid RDB version");
  }

  @Test
  void aKnownLengthIsNeverReadPast() throws IOException {
    // An RDB followed by other data (as a replication stream continues after the snapshot).
    byte[] tail = Bytes.utf8("*1\r\n$4\r\nPING\r\n");
    byte[] both = Arrays.copyOf(file, file.length + tail.length);
    System.arraycopy(tail, 0, both, file.length, tail.length);
    InputStream in = new ByteArrayInputStream(both);
    RdbReader.Result r = new RdbReader(in, file.length, true).read(k -> {});
    assertThat(r.bytes()).isEqualTo(file.length);
    assertThat(in.readAllBytes()).isEqualTo(tail);
  }

  @Test
  void checksumMismatchIsReportedAndCanBeSkipped() {
    byte[] bad = file.clone();
    bad[bad.length - 1] ^= 1;
    assertThat(read(bad, -1, true).getMessage()).contains("wrong RDB checksum");
    assertThat(read(bad, -1, false)).isNull();
  }

  @Test
  void mutatedDumpPayloadsDecodeOrFailCleanly() {
    Random r = new Random(7);
    RdbEncoder encoder = new RdbEncoder(RdbOptions.DEFAULTS);
    Object[] values = {
      Bytes.utf8("hello"),
      Bytes.utf8("abc".repeat(30)),
      RdbTestData.randomList(r, 40),
      RdbTestData.randomIntSet(r, 20),
      RdbTestData.randomSet(r, 20),
      RdbTestData.randomHash(r, 10, 30),
      RdbTestData.randomHash(r, 3, 100)
    };
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    for (Object v : values) {
      byte[] payload = encoder.dump(v);
      for (int i = 0; i < payload.length - 10 && System.nanoTime() < deadline; i++) {
        for (int mask : new int[] {0xFF, 0x01, 0x10, 0x80}) {
          byte[] bad = payload.clone();
          bad[i] ^= (byte) mask;
          assertThat(DumpPayload.verify(bad)).isFalse();
          try {
            DumpPayload.decode(bad, Bytes.utf8("k")); // a RESTORE with checksums skipped
          } catch (RdbFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
          }
        }
      }
      for (int cut = 0; cut < payload.length; cut++) {
        assertThat(DumpPayload.verify(Arrays.copyOf(payload, cut))).isFalse();
      }
    }
  }
}
