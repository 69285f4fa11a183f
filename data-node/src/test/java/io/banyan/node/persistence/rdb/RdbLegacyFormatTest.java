package io.banyan.node.persistence.rdb;

import static io.banyan.node.persistence.rdb.RdbTestData.canonical;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.Bytes;
import io.banyan.node.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * Files in the layouts of older Redis versions (RDB 3 to 9: ziplists, zipmaps, ziplist quicklists,
 * plain lists, text scores, expiry in seconds, no checksum before version 5). Each file is first
 * checked with Redis's own redis-check-rdb and loaded into redis-server 7.0, which proves the file
 * right; then our reader must produce the same contents.
 */
class RdbLegacyFormatTest {
  @TempDir Path dir;

  @BeforeAll
  static void redisDefaultLimits() {
    RdbTestData.useRedisDefaultLimits();
  }

  /** A file under construction, with the expected content of each key. */
  private static final class OldFile {
    final RdbBuffer b = new RdbBuffer();
    final Map<String, Object> expected = new LinkedHashMap<>();
    final Map<String, Long> expiries = new HashMap<>();
    int db;

    OldFile(int version) {
      b.write(Bytes.utf8(String.format("REDIS%04d", version)));
    }

    void raw(byte[] s) {
      b.writeLength(s.length);
      b.write(s);
    }

    void key(int type, String name, Object expectedContent) {
      b.write(type);
      raw(Bytes.utf8(name));
      expected.put(db + "/" + name, expectedContent);
    }

    void select(int db) {
      this.db = db;
      b.write(Rdb.OPCODE_SELECTDB);
      b.writeLength(db);
    }

    byte[] finish(boolean checksum) {
      b.write(Rdb.OPCODE_EOF);
      if (checksum) {
        b.writeLittleEndian(Crc64.update(0, b.array(), 0, b.size()), 8);
      }
      return b.toByteArray();
    }
  }

  private static List<byte[]> elements(String... items) {
    List<byte[]> out = new ArrayList<>();
    for (String s : items) {
      out.add(Bytes.utf8(s));
    }
    return out;
  }

  private static List<String> texts(List<byte[]> items) {
    return items.stream().map(RdbTestData::text).toList();
  }

  private static TreeMap<String, String> pairs(List<byte[]> items) {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < items.size(); i += 2) {
      m.put(RdbTestData.text(items.get(i)), RdbTestData.text(items.get(i + 1)));
    }
    return m;
  }

  private static final String LONG = "y".repeat(300);
  private static final String VERY_LONG = "z".repeat(17_000);

  /** Version 9 (Redis 5/6): every compact encoding those versions wrote. */
  private static OldFile version9() {
    OldFile f = new OldFile(9);
    f.b.write(Rdb.OPCODE_AUX);
    f.raw(Bytes.utf8("redis-ver"));
    f.raw(Bytes.utf8("6.2.6"));
    f.select(0);
    f.b.write(Rdb.OPCODE_RESIZEDB);
    f.b.writeLength(10);
    f.b.writeLength(1);

    List<byte[]> listItems =
        elements(
            "a",
            "0",
            "12",
            "13",
            "-1",
            "127",
            "-128",
            "128",
            "32767",
            "32768",
            "-8388608",
            "8388608",
            "2147483648",
            "-9223372036854775808",
            "007",
            LONG,
            VERY_LONG,
            "");
    f.key(Rdb.TYPE_LIST_ZIPLIST, "lz", texts(listItems));
    f.raw(LegacyBlobs.ziplist(listItems));

    List<byte[]> hashItems = elements("f1", "v1", "n", "42", "long", LONG, "e", "");
    f.key(Rdb.TYPE_HASH_ZIPMAP, "hzm", pairs(hashItems));
    f.raw(LegacyBlobs.zipmap(hashItems));
    f.key(Rdb.TYPE_HASH_ZIPLIST, "hzl", pairs(hashItems));
    f.raw(LegacyBlobs.ziplist(hashItems));

    List<byte[]> nodeA = elements("x", "1", "2");
    List<byte[]> nodeB = elements("y", "-5", LONG);
    List<String> both = new ArrayList<>(texts(nodeA));
    both.addAll(texts(nodeB));
    f.key(Rdb.TYPE_LIST_QUICKLIST, "lq", both);
    f.b.writeLength(2);
    f.raw(LegacyBlobs.ziplist(nodeA));
    f.raw(LegacyBlobs.ziplist(nodeB));

    f.key(Rdb.TYPE_SET_INTSET, "si", new TreeSet<>(List.of("-70000", "5", "100000")));
    f.raw(Intset.encode(new long[] {-70000, 5, 100000}, 3));

    f.b.write(Rdb.OPCODE_EXPIRETIME);
    long seconds = System.currentTimeMillis() / 1000 + 86_400;
    f.b.writeLittleEndian(seconds, 4);
    f.key(Rdb.TYPE_STRING, "exp", "string:hello");
    f.raw(Bytes.utf8("hello"));
    f.expiries.put("0/exp", seconds * 1000);

    f.b.write(Rdb.OPCODE_IDLE);
    f.b.writeLength(100);
    f.key(Rdb.TYPE_STRING, "int", "string:-300");
    f.b.write(0xC1); // 16-bit integer encoding
    f.b.writeLittleEndian(-300, 2);

    f.select(3);
    f.b.write(Rdb.OPCODE_FREQ);
    f.b.write(9);
    f.key(Rdb.TYPE_LIST, "plainlist", List.of("p", "q", LONG));
    f.b.writeLength(3);
    f.raw(Bytes.utf8("p"));
    f.raw(Bytes.utf8("q"));
    f.raw(Bytes.utf8(LONG));
    f.key(Rdb.TYPE_SET, "plainset", new TreeSet<>(List.of("a", "b", "7")));
    f.b.writeLength(3);
    f.raw(Bytes.utf8("a"));
    f.raw(Bytes.utf8("7"));
    f.raw(Bytes.utf8("b"));
    f.key(Rdb.TYPE_HASH, "plainhash", pairs(hashItems));
    f.b.writeLength(hashItems.size() / 2);
    for (byte[] item : hashItems) {
      f.raw(item);
    }
    return f;
  }

  /** Version 3 (Redis 2.6): plain types, expiry in milliseconds, no checksum. */
  private static OldFile version3() {
    OldFile f = new OldFile(3);
    f.select(0);
    f.key(Rdb.TYPE_STRING, "s", "string:old");
    f.raw(Bytes.utf8("old"));
    f.b.write(Rdb.OPCODE_EXPIRETIME_MS);
    long at = System.currentTimeMillis() + 500_000;
    f.b.writeLittleEndian(at, 8);
    f.expiries.put("0/l", at);
    f.key(Rdb.TYPE_LIST, "l", List.of("1", "2"));
    f.b.writeLength(2);
    f.raw(Bytes.utf8("1"));
    f.raw(Bytes.utf8("2"));
    List<byte[]> hashItems = elements("a", "b");
    f.key(Rdb.TYPE_HASH_ZIPMAP, "zm", pairs(hashItems));
    f.raw(LegacyBlobs.zipmap(hashItems));
    return f;
  }

  private void assertRedisAndWeAgree(OldFile f, boolean checksum) throws Exception {
    byte[] bytes = f.finish(checksum);
    Path file = dir.resolve("old.rdb");
    Files.write(file, bytes);
    assertThat(RdbRedisInteropTest.checkRdb(file)).contains("RDB looks OK");
    try (RedisServerProcess redis = RedisServerProcess.start(dir, "--dbfilename", "old.rdb")) {
      Jedis j = redis.jedis();
      for (Map.Entry<String, Object> e : f.expected.entrySet()) {
        String[] id = e.getKey().split("/", 2);
        j.select(Integer.parseInt(id[0]));
        assertThat(canonical(j, Bytes.utf8(id[1]))).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
    Map<String, RdbKey> read = new HashMap<>();
    RdbReader.Result r =
        RdbReader.read(file, true, k -> read.put(k.db() + "/" + Bytes.str(k.key()), k));
    assertThat(r.checksum())
        .isEqualTo(checksum ? RdbReader.Checksum.VERIFIED : RdbReader.Checksum.ABSENT);
    assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(f.expected.keySet());
    for (Map.Entry<String, Object> e : f.expected.entrySet()) {
      RdbKey k = read.get(e.getKey());
      assertThat(canonical(k.value())).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(k.expireAtMs()).isEqualTo(f.expiries.getOrDefault(e.getKey(), -1L));
    }
  }

  @Test
  void version9WithZiplistsZipmapsAndQuicklists() throws Exception {
    OldFile f = version9();
    assertRedisAndWeAgree(f, true);
    // metadata read along the way
    Map<String, RdbKey> read = new HashMap<>();
    RdbReader.read(dir.resolve("old.rdb"), true, k -> read.put(Bytes.str(k.key()), k));
    assertThat(read.get("int").idleSeconds()).isEqualTo(100);
    assertThat(read.get("plainlist").frequency()).isEqualTo(9);
    assertThat(read.get("lz").idleSeconds()).isEqualTo(-1);
  }

  @Test
  void version3WithoutChecksum() throws Exception {
    assertRedisAndWeAgree(version3(), false);
  }

  @Test
  void sortedSetsInOldLayouts() throws Exception {
    OldFile f = new OldFile(9);
    f.select(1);
    List<byte[]> zitems = elements("c", "-3", "a", "1.5", "b", "2", "d", "inf"); // sorted by score
    List<String> expected =
        List.of(
            "c=" + Double.doubleToLongBits(-3),
            "a=" + Double.doubleToLongBits(1.5),
            "b=" + Double.doubleToLongBits(2),
            "d=" + Double.doubleToLongBits(Double.POSITIVE_INFINITY));
    f.key(Rdb.TYPE_ZSET_ZIPLIST, "zz", expected);
    f.raw(LegacyBlobs.ziplist(zitems));
    // ZSET with scores as text: a length byte then ASCII; 254 stands for +inf, 255 for -inf
    f.key(
        Rdb.TYPE_ZSET,
        "zt",
        List.of(
            "n=" + Double.doubleToLongBits(Double.NEGATIVE_INFINITY),
            "x=" + Double.doubleToLongBits(0.25),
            "p=" + Double.doubleToLongBits(Double.POSITIVE_INFINITY)));
    f.b.writeLength(3);
    f.raw(Bytes.utf8("x"));
    f.raw(Bytes.utf8("0.25"));
    f.raw(Bytes.utf8("p"));
    f.b.write(254);
    f.raw(Bytes.utf8("n"));
    f.b.write(255);
    f.key(Rdb.TYPE_ZSET_2, "z2", List.of("m=" + Double.doubleToLongBits(7.5)));
    f.b.writeLength(1);
    f.raw(Bytes.utf8("m"));
    f.b.writeLittleEndian(Double.doubleToLongBits(7.5), 8);
    assertRedisAndWeAgree(f, true);
  }

  @Test
  void streamsModulesAndPreReleaseFunctionsAreRefusedClearly() throws IOException {
    OldFile stream = new OldFile(10);
    stream.key(Rdb.TYPE_STREAM_LISTPACKS_2, "events", null);
    stream.b.writeLength(0);
    assertThat(readError(stream.finish(true)))
        .contains("key 'events'")
        .contains("stream values are not supported");

    OldFile module = new OldFile(10);
    module.key(Rdb.TYPE_MODULE_2, "m", null);
    // module id of a 9-character type name "ReJSON-RL" with encoding version 3
    module.b.write(Rdb.LEN_64BIT);
    long id = moduleId("ReJSON-RL", 3);
    for (int shift = 56; shift >= 0; shift -= 8) {
      module.b.write((int) (id >>> shift));
    }
    assertThat(readError(module.finish(true)))
        .contains("key 'm'")
        .contains("'ReJSON-RL'")
        .contains("module values are not supported");

    OldFile aux = new OldFile(10);
    aux.b.write(Rdb.OPCODE_MODULE_AUX);
    aux.b.write(Rdb.LEN_64BIT);
    for (int shift = 56; shift >= 0; shift -= 8) {
      aux.b.write((int) (id >>> shift));
    }
    assertThat(readError(aux.finish(true))).contains("'ReJSON-RL'").contains("modules are not");

    OldFile fn = new OldFile(10);
    fn.b.write(Rdb.OPCODE_FUNCTION_PRE_GA);
    assertThat(readError(fn.finish(true))).contains("pre-release");
  }

  private static long moduleId(String name, int version) {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    long id = 0;
    for (char c : name.toCharArray()) {
      id = (id << 6) | chars.indexOf(c);
    }
    return (id << 10) | version;
  }

  private static String readError(byte[] file) {
    try {
      new RdbReader(new java.io.ByteArrayInputStream(file), file.length, true).read(k -> {});
    } catch (RdbFormatException e) {
      return e.getMessage();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("read succeeded");
  }

  @Test
  void functionLibrariesWrittenByRedisReachTheVisitor() throws Exception {
    String code = "#!lua name=mylib\nredis.register_function('f', function() return 1 end)";
    try (RedisServerProcess redis = RedisServerProcess.start(dir)) {
      Jedis j = redis.jedis();
      j.functionLoad(code);
      j.set("k", "v");
      j.save();
    }
    List<String> libraries = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    RdbReader.read(
        dir.resolve("dump.rdb"),
        true,
        new RdbVisitor() {
          @Override
          public void key(RdbKey key) {
            keys.add(Bytes.str(key.key()));
          }

          @Override
          public void functionLibrary(byte[] library) {
            libraries.add(Bytes.str(library));
          }
        });
    assertThat(libraries).containsExactly(code);
    assertThat(keys).containsExactly("k");
  }

  @Test
  void streamsWrittenByRedisAreRefusedNamingTheKey() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start(dir)) {
      Jedis j = redis.jedis();
      j.set("before", "1");
      j.xadd("mystream", StreamEntryID.NEW_ENTRY, Map.of("f", "v"));
      j.save();
    }
    byte[] file = Files.readAllBytes(dir.resolve("dump.rdb"));
    assertThat(readError(file)).contains("'mystream'").contains("stream values are not supported");
  }
}
