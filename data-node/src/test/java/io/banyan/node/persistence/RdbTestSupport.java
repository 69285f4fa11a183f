package io.banyan.node.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.persistence.rdb.DumpPayload;
import io.banyan.node.persistence.rdb.RdbFormatException;
import io.banyan.node.persistence.rdb.RdbReader;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Shared by the RDB persistence tests: datasets of every type, and the whole contents of a server
 * or an RDB file as "db/key" → canonical value and expiry, so two of them compare with equals and a
 * difference names the key.
 */
final class RdbTestSupport {
  private RdbTestSupport() {}

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** A value's content with value equality, whatever its encoding. */
  static String canonical(Object value) {
    return switch (value) {
      case byte[] s -> "string:" + HexFormat.of().formatHex(s);
      case ListValue l -> {
        List<String> out = new ArrayList<>();
        l.forEach(e -> out.add(text(e)));
        yield "list:" + out;
      }
      case SetValue s -> {
        TreeSet<String> out = new TreeSet<>();
        s.forEach(m -> out.add(text(m)));
        yield "set:" + out;
      }
      case HashValue h -> {
        TreeMap<String, String> out = new TreeMap<>();
        h.forEach((f, v) -> out.put(text(f), text(v)));
        yield "hash:" + out;
      }
      case ZSetValue z -> {
        List<String> out = new ArrayList<>();
        z.forEach((m, score) -> out.add(text(m) + "=" + score));
        yield "zset:" + out;
      }
      default -> throw new IllegalArgumentException(value.getClass().getName());
    };
  }

  /** Every key of an RDB file; the checksum must verify. */
  static Map<String, String> readFile(Path file) throws IOException {
    Map<String, String> out = new TreeMap<>();
    RdbReader.Result r =
        RdbReader.read(
            file,
            true,
            k -> {
              String id = k.db() + "/" + text(k.key());
              String previous = out.put(id, canonical(k.value()) + " expire=" + k.expireAtMs());
              assertThat(previous).as("duplicate key %s in %s", id, file).isNull();
            });
    assertThat(r.checksum()).isEqualTo(RdbReader.Checksum.VERIFIED);
    return out;
  }

  /** Asserts two datasets are equal, naming the first keys that differ. */
  static void assertSameDataset(
      Map<String, String> actual, Map<String, String> expected, String what) {
    TreeSet<String> keys = new TreeSet<>(actual.keySet());
    keys.addAll(expected.keySet());
    List<String> differences = new ArrayList<>();
    for (String k : keys) {
      String a = actual.get(k);
      String e = expected.get(k);
      if (!java.util.Objects.equals(a, e) && differences.size() < 10) {
        differences.add(k + ": expected " + abbreviate(e) + " but was " + abbreviate(a));
      }
    }
    assertThat(differences)
        .as("%s (%d keys expected, %d found)", what, expected.size(), actual.size())
        .isEmpty();
  }

  private static String abbreviate(String s) {
    return s == null || s.length() < 200 ? s : s.substring(0, 200) + "...";
  }

  /** Every key of a server (databases 0..dbs-1), read with DUMP and PEXPIRETIME. */
  static Map<String, String> readServer(Jedis j, int dbs) {
    Map<String, String> out = new TreeMap<>();
    for (int db = 0; db < dbs; db++) {
      j.select(db);
      List<byte[]> keys = new ArrayList<>();
      byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
      do {
        ScanResult<byte[]> page = j.scan(cursor, new ScanParams().count(1000));
        keys.addAll(page.getResult());
        cursor = page.getCursorAsBytes();
      } while (!"0".equals(text(cursor)));
      Pipeline p = j.pipelined();
      List<Response<byte[]>> dumps = new ArrayList<>();
      List<Response<Long>> expiries = new ArrayList<>();
      for (byte[] k : keys) {
        dumps.add(p.dump(k));
        expiries.add(p.pexpireTime(k));
      }
      p.sync();
      for (int i = 0; i < keys.size(); i++) {
        byte[] payload = dumps.get(i).get();
        assertThat(payload).as("key %s vanished while reading", text(keys.get(i))).isNotNull();
        Object value;
        try {
          value = DumpPayload.decode(payload, keys.get(i));
        } catch (RdbFormatException e) {
          throw new AssertionError(e);
        }
        out.put(
            db + "/" + text(keys.get(i)), canonical(value) + " expire=" + expiries.get(i).get());
      }
    }
    j.select(0);
    return out;
  }

  /** Sends any command; returns the reply with status and bulk replies as strings. */
  static Object command(Jedis j, String name, String... args) {
    byte[][] raw = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    Object reply = j.sendCommand(() -> name.getBytes(StandardCharsets.US_ASCII), raw);
    return reply instanceof byte[] b ? text(b) : reply;
  }

  /** DEBUG DIGEST: a fingerprint of the whole dataset, the same on Redis for the same data. */
  static String digest(Jedis j) {
    return (String) command(j, "DEBUG", "DIGEST");
  }

  /** One field of INFO persistence. */
  static String info(Jedis j, String field) {
    for (String line : j.info("persistence").split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    throw new AssertionError("no INFO field " + field);
  }

  /**
   * Fills database {@code db} with {@code n} keys of every type, in small and large encodings,
   * about a quarter of them with a time to live an hour or more away.
   */
  static void populate(Jedis j, int db, int n, long seed) {
    Random r = new Random(seed);
    j.select(db);
    Pipeline p = j.pipelined();
    long future = System.currentTimeMillis() + 3_600_000;
    for (int i = 0; i < n; i++) {
      String key = "k" + db + ":" + i;
      switch (i % 6) {
        case 0 ->
            p.set(key, r.nextBoolean() ? Long.toString(r.nextLong()) : "v" + "x".repeat(i % 90));
        case 1 -> {
          int size = i % 50 == 1 ? 700 : 1 + r.nextInt(20);
          for (int e = 0; e < size; e++) {
            p.rpush(key, "e" + r.nextInt(1000));
          }
        }
        case 2 -> {
          int size = i % 50 == 2 ? 600 : 1 + r.nextInt(20);
          boolean ints = r.nextBoolean();
          for (int e = 0; e < size; e++) {
            p.sadd(key, ints ? Integer.toString(r.nextInt(100_000)) : "m" + r.nextInt(100_000));
          }
        }
        case 3 -> {
          int size = i % 50 == 3 ? 600 : 1 + r.nextInt(20);
          for (int e = 0; e < size; e++) {
            p.hset(key, "f" + e, "val" + r.nextInt(1000));
          }
        }
        case 4 -> {
          int size = i % 50 == 4 ? 300 : 1 + r.nextInt(20);
          for (int e = 0; e < size; e++) {
            p.zadd(key, r.nextInt(10_000) / 7.0, "z" + e);
          }
        }
        default -> p.set(key.getBytes(StandardCharsets.UTF_8), randomBytes(r, 1 + r.nextInt(200)));
      }
      if (r.nextInt(4) == 0) {
        p.pexpireAt(key, future + r.nextInt(1_000_000));
      }
    }
    p.sync();
    j.select(0);
  }

  static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** Runs redis-check-rdb on the file; it must accept it. */
  static void assertRedisCheckRdbAccepts(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("RDB looks OK!");
  }
}
