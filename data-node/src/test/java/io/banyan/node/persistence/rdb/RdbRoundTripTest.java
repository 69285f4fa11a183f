package io.banyan.node.persistence.rdb;

import static io.banyan.node.persistence.rdb.RdbTestData.canonical;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Values written by {@link RdbWriter} and read back by {@link RdbReader} come back with the same
 * content, the same encoding, and the same expiry and metadata, whatever the options.
 */
class RdbRoundTripTest {
  private static final RdbOptions[] OPTION_SETS = {
    RdbOptions.DEFAULTS,
    new RdbOptions(false, true, -2, 0),
    new RdbOptions(true, false, -1, 1),
    new RdbOptions(true, true, 5, 2),
    new RdbOptions(false, true, -5, 0),
    new RdbOptions(true, true, 0, 3),
  };

  @BeforeAll
  static void redisDefaultLimits() {
    RdbTestData.useRedisDefaultLimits();
  }

  record Stored(int db, byte[] key, Object value, long expireAt, long idle, int freq) {}

  private static byte[] write(List<Stored> keys, RdbOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter w = new RdbWriter(out, options);
    w.writeHeader(new RdbAux("7.0.15", 1_700_000_000L, 123456, false, null));
    int db = -1;
    for (Stored s : keys) {
      if (s.db() != db) {
        db = s.db();
        w.selectDb(db, keys.stream().filter(k -> k.db() == s.db()).count(), 0);
      }
      w.writeKey(s.key(), s.value(), s.expireAt(), s.idle(), s.freq());
    }
    long size = w.finish();
    assertThat(size).isEqualTo(out.size());
    return out.toByteArray();
  }

  private static List<RdbKey> read(byte[] file) throws IOException {
    List<RdbKey> keys = new ArrayList<>();
    RdbReader.Result r =
        new RdbReader(new ByteArrayInputStream(file), file.length, true).read(keys::add);
    assertThat(r.version()).isEqualTo(10);
    assertThat(r.bytes()).isEqualTo(file.length);
    assertThat(r.keys()).isEqualTo(keys.size());
    return keys;
  }

  private static void assertRoundTrip(List<Stored> stored) throws IOException {
    for (RdbOptions options : OPTION_SETS) {
      List<RdbKey> back = read(write(stored, options));
      assertThat(back).hasSameSizeAs(stored);
      for (int i = 0; i < stored.size(); i++) {
        Stored s = stored.get(i);
        RdbKey k = back.get(i);
        assertThat(k.db()).isEqualTo(s.db());
        assertThat(k.key()).isEqualTo(s.key());
        assertThat(canonical(k.value()))
            .as("%s with %s", s.value(), options)
            .isEqualTo(canonical(s.value()));
        assertThat(encoding(k.value())).isEqualTo(encoding(s.value()));
        assertThat(k.expireAtMs()).isEqualTo(s.expireAt());
        assertThat(k.idleSeconds()).isEqualTo(s.idle());
        assertThat(k.frequency()).isEqualTo(s.freq());
      }
    }
  }

  private static String encoding(Object v) {
    return v instanceof CompositeValue c ? c.encoding() : "string";
  }

  private static List<Stored> generate(long seed, int count, Function<Random, Object> gen) {
    Random r = new Random(seed);
    List<Stored> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int db = i * 3 / count * 5; // databases 0, 5 and 10
      long expire = r.nextInt(3) == 0 ? 1_700_000_000_000L + r.nextInt(1_000_000) : -1;
      long idle = r.nextInt(4) == 0 ? r.nextInt(100_000) : -1;
      int freq = r.nextInt(4) == 0 ? r.nextInt(256) : -1;
      out.add(new Stored(db, Bytes.utf8("key:" + i), gen.apply(r), expire, idle, freq));
    }
    return out;
  }

  @Test
  void stringsOfEveryEncoding() throws IOException {
    List<Stored> keys = generate(1, 300, RdbTestData::randomString);
    for (long v : RdbTestData.EDGE_INTEGERS) {
      keys.add(new Stored(0, Bytes.utf8("int:" + v), Bytes.fromLong(v), -1, -1, -1));
    }
    for (String s : RdbTestData.NEAR_INTEGERS) {
      keys.add(new Stored(0, Bytes.utf8("near:" + s), Bytes.utf8(s), -1, -1, -1));
    }
    keys.add(new Stored(1, Bytes.EMPTY, Bytes.EMPTY, -1, -1, -1));
    keys.add(
        new Stored(
            1, RdbTestData.randomBytes(new Random(2), 100_000), Bytes.utf8("binary key"), 0, 0, 0));
    keys.add(
        new Stored(
            1, Bytes.utf8("big"), RdbTestData.randomBytes(new Random(3), 3 << 20), -1, -1, -1));
    keys.add(
        new Stored(1, Bytes.utf8("bigzip"), Bytes.utf8("0123456789".repeat(400_000)), -1, -1, -1));
    assertRoundTrip(keys);
  }

  @Test
  void listsAcrossNodeBoundaries() throws IOException {
    List<Stored> keys = new ArrayList<>();
    Random r = new Random(4);
    for (int size : new int[] {1, 2, 7, 100, 500, 3000, 20_000}) {
      keys.add(
          new Stored(0, Bytes.utf8("list:" + size), RdbTestData.randomList(r, size), -1, -1, -1));
    }
    ListValue huge = new ListValue();
    huge.addLast(RdbTestData.randomBytes(r, 70_000)); // larger than any node limit
    huge.addLast(Bytes.utf8("1"));
    huge.addLast(RdbTestData.randomBytes(r, 9000));
    keys.add(new Stored(2, Bytes.utf8("list:bigelements"), huge, 5, -1, 3));
    keys.addAll(generate(5, 40, rr -> RdbTestData.randomList(rr, 1 + rr.nextInt(300))));
    assertRoundTrip(keys);
  }

  @Test
  void setsAtTheIntsetLimit() throws IOException {
    List<Stored> keys = new ArrayList<>();
    Random r = new Random(6);
    for (int size : new int[] {1, 2, 511, 512, 513, 2000}) {
      keys.add(
          new Stored(0, Bytes.utf8("ints:" + size), RdbTestData.randomIntSet(r, size), -1, -1, -1));
      keys.add(
          new Stored(0, Bytes.utf8("mixed:" + size), RdbTestData.randomSet(r, size), -1, -1, -1));
    }
    SetValue edges = new SetValue();
    for (long v : RdbTestData.EDGE_INTEGERS) {
      edges.add(Bytes.fromLong(v));
    }
    keys.add(new Stored(3, Bytes.utf8("edges"), edges, -1, -1, -1));
    assertThat(edges.isIntset()).isTrue();
    keys.addAll(generate(7, 40, rr -> RdbTestData.randomSet(rr, 1 + rr.nextInt(50))));
    assertRoundTrip(keys);
  }

  @Test
  void hashesAtTheListpackLimits() throws IOException {
    List<Stored> keys = new ArrayList<>();
    Random r = new Random(8);
    for (int size : new int[] {1, 511, 512, 513, 1000}) {
      keys.add(
          new Stored(
              0, Bytes.utf8("hash:" + size), RdbTestData.randomHash(r, size, 64), -1, -1, -1));
    }
    HashValue longValue = new HashValue();
    longValue.put(Bytes.utf8("f"), RdbTestData.randomBytes(r, 65));
    assertThat(longValue.isListpack()).isFalse();
    keys.add(new Stored(0, Bytes.utf8("hash:longvalue"), longValue, -1, -1, -1));
    HashValue at64 = new HashValue();
    at64.put(RdbTestData.randomBytes(r, 64), RdbTestData.randomBytes(r, 64));
    at64.put(Bytes.utf8("12345"), Bytes.utf8("-7"));
    assertThat(at64.isListpack()).isTrue();
    keys.add(new Stored(0, Bytes.utf8("hash:at64"), at64, -1, -1, -1));
    keys.addAll(generate(9, 40, rr -> RdbTestData.randomHash(rr, 1 + rr.nextInt(200), 80)));
    assertRoundTrip(keys);
  }

  @Test
  void sortedSetsAtTheListpackLimits() throws IOException {
    List<Stored> keys = new ArrayList<>();
    Random r = new Random(10);
    for (int size : new int[] {1, 127, 128, 129, 1000}) {
      keys.add(
          new Stored(
              0, Bytes.utf8("zset:" + size), RdbTestData.randomZSet(r, size, 64), -1, -1, -1));
    }
    keys.add(
        new Stored(
            0, Bytes.utf8("zset:longmember"), RdbTestData.randomZSet(r, 3, 200), -1, -1, -1));
    ZSetValue edges = new ZSetValue();
    double[] scores = RdbTestData.EDGE_SCORES;
    for (int i = 0; i < scores.length; i++) {
      edges.add(Bytes.utf8("m" + i), scores[i]);
    }
    keys.add(new Stored(4, Bytes.utf8("zset:edges"), edges, -1, -1, -1));
    keys.addAll(generate(11, 40, rr -> RdbTestData.randomZSet(rr, 1 + rr.nextInt(200), 70)));
    assertRoundTrip(keys);
  }

  @Test
  void dumpPayloadsRoundTrip() throws IOException {
    Random r = new Random(12);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      values.add(RdbTestData.randomString(r));
      values.add(RdbTestData.randomList(r, 1 + r.nextInt(400)));
      values.add(RdbTestData.randomSet(r, 1 + r.nextInt(600)));
      values.add(RdbTestData.randomIntSet(r, 1 + r.nextInt(600)));
      values.add(RdbTestData.randomHash(r, 1 + r.nextInt(200), 70));
    }
    for (RdbOptions options : OPTION_SETS) {
      RdbEncoder encoder = new RdbEncoder(options);
      for (Object v : values) {
        byte[] payload = encoder.dump(v);
        assertThat(DumpPayload.verify(payload)).isTrue();
        Object back = DumpPayload.decode(payload, Bytes.utf8("k"));
        assertThat(canonical(back)).isEqualTo(canonical(v));
        assertThat(encoding(back)).isEqualTo(encoding(v));
      }
    }
  }

  @Test
  void checksumIsZeroWhenDisabledAndStillReadable() throws IOException {
    List<Stored> keys = generate(13, 10, RdbTestData::randomString);
    byte[] file = write(keys, new RdbOptions(true, false, -2, 0));
    assertThat(java.util.Arrays.copyOfRange(file, file.length - 8, file.length)).containsOnly(0);
    RdbReader.Result r = new RdbReader(new ByteArrayInputStream(file), -1, true).read(k -> {});
    assertThat(r.checksum()).isEqualTo(RdbReader.Checksum.NOT_STORED);
    byte[] checked = write(keys, RdbOptions.DEFAULTS);
    assertThat(new RdbReader(new ByteArrayInputStream(checked), -1, true).read(k -> {}).checksum())
        .isEqualTo(RdbReader.Checksum.VERIFIED);
  }

  @Test
  void auxFieldsAreWrittenInRedisOrder() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter w = new RdbWriter(out, RdbOptions.DEFAULTS);
    String replId = "a".repeat(40);
    w.writeHeader(
        new RdbAux("7.0.15", 1_700_000_000L, 1 << 20, true, new RdbAux.Replication(3, replId, 99)));
    w.finish();
    List<String> aux = new ArrayList<>();
    byte[] file = out.toByteArray();
    new RdbReader(new ByteArrayInputStream(file), file.length, true)
        .read(
            new RdbVisitor() {
              @Override
              public void aux(byte[] name, byte[] value) {
                aux.add(Bytes.str(name) + "=" + Bytes.str(value));
              }

              @Override
              public void key(RdbKey key) {}
            });
    assertThat(aux)
        .containsExactly(
            "redis-ver=7.0.15",
            "redis-bits=64",
            "ctime=1700000000",
            "used-mem=1048576",
            "repl-stream-db=3",
            "repl-id=" + replId,
            "repl-offset=99",
            "aof-base=1");
    assertThat(new String(file, 0, 9, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("REDIS0010");
  }

  @Test
  void emptyCollectionsAreSkippedWithNotice() throws IOException {
    // A hand-made file: an empty plain list and an empty plain set, then one string.
    RdbBuffer b = new RdbBuffer();
    b.write(Bytes.utf8("REDIS0009"));
    b.write(Rdb.TYPE_LIST);
    b.writeLength(1);
    b.write('l');
    b.writeLength(0);
    b.write(Rdb.TYPE_SET);
    b.writeLength(1);
    b.write('s');
    b.writeLength(0);
    b.write(Rdb.TYPE_STRING);
    b.writeLength(1);
    b.write('k');
    b.writeLength(1);
    b.write('v');
    b.write(Rdb.OPCODE_EOF);
    b.writeLittleEndian(Crc64.update(0, b.array(), 0, b.size()), 8);
    List<String> skipped = new ArrayList<>();
    List<RdbKey> keys = new ArrayList<>();
    new RdbReader(new ByteArrayInputStream(b.toByteArray()), -1, true)
        .read(
            new RdbVisitor() {
              @Override
              public void key(RdbKey key) {
                keys.add(key);
              }

              @Override
              public void emptyKeySkipped(int db, byte[] key) {
                skipped.add(Bytes.str(key));
              }
            });
    assertThat(skipped).containsExactly("l", "s");
    assertThat(keys).extracting(k -> Bytes.str(k.key())).containsExactly("k");
  }

  @Test
  void compactValuesBeyondTheLimitsLoadInTheGeneralEncoding() {
    // A listpack hash with 600 fields (written under a higher limit) becomes a hashtable here.
    Listpack lp = new Listpack();
    for (int i = 0; i < 600; i++) {
      lp.append(Bytes.utf8("f" + i)).append(Bytes.fromLong(i));
    }
    RdbBuffer b = new RdbBuffer();
    b.write(Rdb.TYPE_HASH_LISTPACK);
    new RdbEncoder(RdbOptions.DEFAULTS).writeString(b, lp.bytes());
    b.writeLittleEndian(10, 2);
    b.writeLittleEndian(Crc64.update(0, b.array(), 0, b.size()), 8);
    Object v;
    try {
      v = DumpPayload.decode(b.toByteArray(), Bytes.utf8("k"));
    } catch (RdbFormatException e) {
      throw new AssertionError(e);
    }
    assertThat(((HashValue) v).isListpack()).isFalse();
    assertThat(((HashValue) v).size()).isEqualTo(600);
    assertThat(((HashValue) v).get(Bytes.utf8("f599"))).isEqualTo(Bytes.utf8("599"));
  }
}
