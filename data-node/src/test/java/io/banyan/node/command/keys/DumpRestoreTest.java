package io.banyan.node.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.CommandFamilies;
import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.engine.Propagator;
import io.banyan.node.persistence.rdb.Crc64;
import io.banyan.node.store.AccessClock;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Entry;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * DUMP and RESTORE through a real connection: payloads, every option, Redis 7.0.15's errors and
 * their order, what reaches replicas and the AOF, and the command metadata. Expected replies were
 * recorded from redis-server 7.0.15.
 */
class DumpRestoreTest extends ServerTestBase {
  private static final HexFormat HEX = HexFormat.of();

  /** DUMP of SET s hello on redis-server 7.0.15. */
  private static final byte[] HELLO = HEX.parseHex("000568656c6c6f0a006372df766534200a");

  private final List<String> propagated = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void recordPropagation() {
    propagated.clear();
    onServer(
        () -> {
          server.engine().setPropagator((db, argv) -> propagated.add(join(argv)));
          return null;
        });
  }

  @AfterEach
  void stopRecording() {
    onServer(
        () -> {
          server.engine().setPropagator(Propagator.NONE);
          return null;
        });
  }

  private <T> T onServer(Callable<T> task) {
    try {
      return server.onCommandThread(task);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String join(byte[][] argv) {
    List<String> parts = new ArrayList<>();
    for (byte[] a : argv) {
      boolean printable = true;
      for (byte b : a) {
        printable &= b >= 0x20 && b < 0x7F;
      }
      parts.add(printable ? new String(a, StandardCharsets.US_ASCII) : "<payload>");
    }
    return String.join(" ", parts);
  }

  private static Object err(String message) {
    return new RespClient.Err(message);
  }

  // ---- DUMP ----------------------------------------------------------------------------------

  @Test
  void dumpOfAMissingKeyIsNil() {
    assertThat(jedis().dump("nokey")).isNull();
    RespClient c = resp();
    c.call("HELLO", "3");
    assertThat(c.call("DUMP", "nokey")).isNull();
  }

  @Test
  void dumpIsRedisByteForByte() {
    Jedis j = jedis();
    j.set("s", "hello");
    assertThat(j.dump("s")).isEqualTo(HELLO);
    j.set("n", "12");
    assertThat(HEX.formatHex(j.dump("n"))).isEqualTo("00c00c0a003c2af8515c04bcd5");
    j.rpush("l", "a", "1", "200", "-5000", "hello");
    assertThat(HEX.formatHex(j.dump("l")))
        .isEqualTo(
            "1201021a1a00000005008161020101c0c802f178ec038568656c6c6f06ff0a0074a8075a84397be7");
    j.sadd("st", "1", "2", "3");
    assertThat(HEX.formatHex(j.dump("st")))
        .isEqualTo("0b0e02000000030000000100020003000a00a5025ce26d6e4d1b");
    j.hset("h", "f", "v");
    j.hset("h", "n", "123");
    assertThat(HEX.formatHex(j.dump("h")))
        .isEqualTo("1012120000000400816602817602816e027b01ff0a00c818cef8847cec3f");
  }

  @Test
  void dumpHonoursRdbcompression() {
    Jedis j = jedis();
    j.set("a", "a".repeat(30));
    assertThat(HEX.formatHex(j.dump("a"))).startsWith("00c3091e");
    j.configSet("rdbcompression", "no");
    try {
      assertThat(HEX.formatHex(j.dump("a"))).startsWith("001e6161");
    } finally {
      j.configSet("rdbcompression", "yes");
    }
  }

  @Test
  void everyTypeRoundTrips() {
    Jedis j = jedis();
    j.set("s", "x".repeat(1000));
    j.rpush("l", "a", "b", "1", "c".repeat(10_000));
    j.sadd("is", "1", "2", "-99999999999");
    j.sadd("hs", "a", "b");
    j.hset("hh", Map.of("f1", "v1", "f2", "v".repeat(100)));
    for (String key : new String[] {"s", "l", "is", "hs", "hh"}) {
      byte[] payload = j.dump(key);
      assertThat(j.restore(key + ":copy", 0, payload)).isEqualTo("OK");
      assertThat(j.dump(key + ":copy")).isEqualTo(payload);
      assertThat(j.type(key + ":copy")).isEqualTo(j.type(key));
    }
    assertThat(j.lrange("l:copy", 0, -1)).isEqualTo(j.lrange("l", 0, -1));
    assertThat(j.smembers("hs:copy")).isEqualTo(j.smembers("hs"));
    assertThat(j.hgetAll("hh:copy")).isEqualTo(j.hgetAll("hh"));
  }

  // ---- RESTORE options -----------------------------------------------------------------------

  @Test
  void restoreWithTtlReplaceAndAbsttl() {
    Jedis j = jedis();
    RespClient c = resp();
    assertThat(c.call("RESTORE", "k", "0", HELLO)).isEqualTo("OK");
    assertThat(j.get("k")).isEqualTo("hello");
    assertThat(j.pttl("k")).isEqualTo(-1);
    assertThat(c.call("RESTORE", "k", "0", HELLO))
        .isEqualTo(err("BUSYKEY Target key name already exists."));
    j.set("k", "other");
    assertThat(c.call("RESTORE", "k", "100000", HELLO, "REPLACE")).isEqualTo("OK");
    assertThat(j.get("k")).isEqualTo("hello");
    assertThat(j.pttl("k")).isBetween(90_000L, 100_000L);
    long at = System.currentTimeMillis() + 500_000;
    assertThat(c.call("RESTORE", "a", Long.toString(at), HELLO, "absttl")).isEqualTo("OK");
    assertThat(j.pexpireTime("a")).isEqualTo(at);
  }

  @Test
  void restoreInThePastCreatesNothingButReplaceStillDeletes() {
    Jedis j = jedis();
    RespClient c = resp();
    assertThat(c.call("RESTORE", "gone", "1000", HELLO, "ABSTTL")).isEqualTo("OK");
    assertThat(j.exists("gone")).isFalse();
    j.set("k", "old");
    assertThat(c.call("RESTORE", "k", "1", HELLO, "ABSTTL", "REPLACE")).isEqualTo("OK");
    assertThat(j.exists("k")).isFalse();
    assertThat(propagated).containsExactly("SET k old", "DEL k");
  }

  @Test
  void relativeTtlPropagatesAsAbsoluteWithAbsttl() {
    RespClient c = resp();
    long before = System.currentTimeMillis();
    c.call("RESTORE", "r1", "100000", HELLO);
    c.call("RESTORE", "r2", "0", HELLO);
    c.call("RESTORE", "r3", "5000000000000", HELLO, "absttl");
    c.call("RESTORE", "r4", "100000", HELLO, "IDLETIME", "5");
    long after = System.currentTimeMillis();
    assertThat(propagated).hasSize(4);
    String[] r1 = propagated.get(0).split(" ");
    assertThat(r1[0]).isEqualTo("RESTORE");
    assertThat(r1[1]).isEqualTo("r1");
    assertThat(Long.parseLong(r1[2])).isBetween(before + 100_000, after + 100_000);
    assertThat(r1[3]).isEqualTo("<payload>");
    assertThat(r1[4]).isEqualTo("ABSTTL");
    assertThat(propagated.get(1)).isEqualTo("RESTORE r2 0 <payload>");
    assertThat(propagated.get(2)).isEqualTo("RESTORE r3 5000000000000 <payload> absttl");
    assertThat(propagated.get(3)).matches("RESTORE r4 \\d+ <payload> IDLETIME 5 ABSTTL");
  }

  @Test
  void idletimeSetsTheLruClock() {
    RespClient c = resp();
    assertThat(c.call("RESTORE", "k", "0", HELLO, "IDLETIME", "1000")).isEqualTo("OK");
    long idle =
        onServer(
            () -> {
              Entry e = server.engine().keyspace().db(0).lookup(Bytes.utf8("k"));
              return AccessClock.idleSeconds(e.accessClock());
            });
    assertThat(idle).isBetween(1000L, 1010L);
  }

  @Test
  void freqSetsTheLfuCounterUnderAnLfuPolicy() {
    Jedis j = jedis();
    j.configSet("maxmemory-policy", "allkeys-lfu");
    try {
      RespClient c = resp();
      assertThat(c.call("RESTORE", "k", "0", HELLO, "FREQ", "77")).isEqualTo("OK");
      int counter =
          onServer(
              () -> server.engine().keyspace().db(0).lookup(Bytes.utf8("k")).accessClock() & 0xFF);
      assertThat(counter).isEqualTo(77);
    } finally {
      j.configSet("maxmemory-policy", "noeviction");
    }
  }

  @Test
  void tenZeroBytesRestoreAsAnEmptyString() {
    // Redis reads the value from the start of the payload, footer included: 10 zero bytes pass
    // the checks (version 0, CRC of "\0\0" is 0) and decode as type 0, length 0.
    RespClient c = resp();
    assertThat(c.call("RESTORE", "x", "0", new byte[10])).isEqualTo("OK");
    assertThat(jedis().get("x")).isEmpty();
  }

  // ---- errors --------------------------------------------------------------------------------

  @Test
  void errorsAsRedis() {
    jedis().set("k", "v");
    RespClient c = resp();
    byte[] hello = HELLO;
    byte[] badCrc = hello.clone();
    badCrc[badCrc.length - 1] ^= 1;
    Object[][] cases = {
      {
        new Object[] {"RESTORE", "k", "-1", hello, "replace"}, "ERR Invalid TTL value, must be >= 0"
      },
      {
        new Object[] {"RESTORE", "k", "abc", hello, "replace"},
        "ERR value is not an integer or out of range"
      },
      {
        new Object[] {"RESTORE", "k2", "0", "garbage"},
        "ERR DUMP payload version or checksum are wrong"
      },
      {
        new Object[] {"RESTORE", "k2", "0", badCrc},
        "ERR DUMP payload version or checksum are wrong"
      },
      {new Object[] {"RESTORE", "k2", "0", ""}, "ERR DUMP payload version or checksum are wrong"},
      {new Object[] {"RESTORE", "k2", "0", hello, "idletime"}, "ERR syntax error"},
      {
        new Object[] {"RESTORE", "k2", "0", hello, "idletime", "-1"},
        "ERR Invalid IDLETIME value, must be >= 0"
      },
      {
        new Object[] {"RESTORE", "k2", "0", hello, "freq", "256"},
        "ERR Invalid FREQ value, must be >= 0 and <= 255"
      },
      {
        new Object[] {"RESTORE", "k2", "0", hello, "freq", "x"},
        "ERR value is not an integer or out of range"
      },
      {
        new Object[] {"RESTORE", "k2", "0", hello, "freq", "1", "idletime", "2"}, "ERR syntax error"
      },
      {
        new Object[] {"RESTORE", "k2", "0", hello, "idletime", "1", "freq", "2"}, "ERR syntax error"
      },
      {new Object[] {"RESTORE", "k2", "0", hello, "foo"}, "ERR syntax error"},
      // checked in Redis's order: options, then BUSYKEY, then the TTL, then the payload
      {new Object[] {"RESTORE", "k", "-1", "garbage"}, "BUSYKEY Target key name already exists."},
      {new Object[] {"RESTORE", "k", "abc", "garbage", "foo"}, "ERR syntax error"},
      {new Object[] {"RESTORE", "k2", "-1", "garbage"}, "ERR Invalid TTL value, must be >= 0"},
      {new Object[] {"RESTORE", "k2", "0"}, "ERR wrong number of arguments for 'restore' command"},
      {new Object[] {"DUMP"}, "ERR wrong number of arguments for 'dump' command"},
      {new Object[] {"DUMP", "a", "b"}, "ERR wrong number of arguments for 'dump' command"},
    };
    for (Object[] tc : cases) {
      assertThat(c.call((Object[]) tc[0]))
          .as(String.join(" ", str((Object[]) tc[0])))
          .isEqualTo(err((String) tc[1]));
    }
    assertThat(jedis().get("k")).isEqualTo("v");
    assertThat(jedis().exists("k2")).isFalse();
    assertThat(propagated).containsExactly("SET k v");
  }

  private static List<String> str(Object[] args) {
    List<String> out = new ArrayList<>();
    for (Object a : args) {
      out.add(a instanceof byte[] ? "<bytes>" : a.toString());
    }
    return out;
  }

  @Test
  void payloadsThatPassTheChecksumButAreNotValuesAreBadDataFormat() {
    RespClient c = resp();
    String[] bodies = {
      "08", // type 8 does not exist
      "0f00", // a stream: not supported here
      "070000000000000000", // a module value
      "0205", // a set claiming 5 members, none present
      "0b0400000000", // an intset blob that is too short
      "0200", // an empty set
      "0102016101" + "61", // a list with a duplicate? no: lists allow it; see below
    };
    for (int i = 0; i < bodies.length - 1; i++) {
      assertThat(c.call("RESTORE", "bad" + i, "0", payload(HEX.parseHex(bodies[i]), 10)))
          .as(bodies[i])
          .isEqualTo(err("ERR Bad data format"));
    }
    // a set with a duplicate member
    assertThat(c.call("RESTORE", "dup", "0", payload(HEX.parseHex("0202016101" + "61"), 10)))
        .isEqualTo(err("ERR Bad data format"));
    // a newer RDB version is refused before decoding
    assertThat(c.call("RESTORE", "v11", "0", payload(HEX.parseHex("000161"), 11)))
        .isEqualTo(err("ERR DUMP payload version or checksum are wrong"));
    // an older one is fine
    assertThat(c.call("RESTORE", "v6", "0", payload(HEX.parseHex("000161"), 6))).isEqualTo("OK");
    assertThat(jedis().get("v6")).isEqualTo("a");
    assertThat(jedis().keys("*")).containsExactly("v6");
  }

  private static byte[] payload(byte[] body, int version) {
    byte[] p = new byte[body.length + 10];
    System.arraycopy(body, 0, p, 0, body.length);
    p[body.length] = (byte) version;
    p[body.length + 1] = (byte) (version >> 8);
    long crc = Crc64.update(0, p, 0, body.length + 2);
    for (int i = 0; i < 8; i++) {
      p[body.length + 2 + i] = (byte) (crc >>> (8 * i));
    }
    return p;
  }

  // ---- metadata ------------------------------------------------------------------------------

  @Test
  void metadataMatchesRedis() {
    CommandSpec dump = CommandFamilies.table().lookup("dump");
    assertThat(dump.arity()).isEqualTo(2);
    assertThat(flags(dump)).containsExactly("readonly");
    assertThat(List.of(dump.firstKey(), dump.lastKey(), dump.keyStep())).containsExactly(1, 1, 1);
    assertThat(dump.aclCategories()).containsExactly("keyspace", "read", "slow");
    CommandSpec restore = CommandFamilies.table().lookup("restore");
    assertThat(restore.arity()).isEqualTo(-4);
    assertThat(flags(restore)).containsExactly("denyoom", "write");
    assertThat(List.of(restore.firstKey(), restore.lastKey(), restore.keyStep()))
        .containsExactly(1, 1, 1);
    assertThat(restore.aclCategories()).containsExactly("keyspace", "write", "slow", "dangerous");
    assertThat(restore.since()).isEqualTo("2.6.0");
    assertThat(dump.group()).isEqualTo("generic");
  }

  private static Set<String> flags(CommandSpec spec) {
    return spec.flags().stream()
        .map(CommandFlag::wireName)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
