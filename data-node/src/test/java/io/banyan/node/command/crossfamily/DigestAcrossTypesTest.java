package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DEBUG DIGEST-VALUE and DEBUG DIGEST for every type and encoding equal what redis-server 7.0.15
 * reports for the same data (values measured on it), so a node can be compared with Redis.
 */
class DigestAcrossTypesTest extends CrossFamilySupport {
  private static final String ZERO = "0".repeat(40);

  @Override
  protected void configure(ServerConfig config) {
    config.enableDebugCommand = "yes";
  }

  @Test
  void smallEncodingsDigestLikeRedis() {
    RespClient c = resp();
    c.call("RPUSH", "l", "a", "b", "1", "c");
    c.call("RPUSH", "l2", "c", "1", "b", "a");
    c.call("SADD", "s", "x", "y", "1", "2");
    c.call("SADD", "si", "1", "2", "3");
    c.call("ZADD", "z", "1", "a", "2.5", "b", "-3", "c", "100", "12");
    c.call("ZADD", "zf", "1.1", "a", "inf", "b");
    c.call("HSET", "h", "f", "v", "g", "1");
    assertThat(call(c, "DEBUG", "DIGEST-VALUE", "l", "l2", "s", "si", "z", "zf", "h", "nokey"))
        .isEqualTo(
            List.of(
                "c4a8a02111509d350dc1370a4bb1e7816a0d6837",
                "2921429b16f1c96e5928b1dd62fbb408eed80218",
                "d9a5e496512416d64a1c5e6d33afd9f2f9c366c5",
                "2a462a3f51a1db89738ebbeef0c47ce1bbc85246",
                "8c060c448a14dc3931ea47dcccbce552b4689518",
                "a5d1f369fec153c38811a084c39de26be5ae882b",
                "6679ee22f89ed8001eeb5309d0900265ea56c03a",
                ZERO));
    c.call("DEL", "l2", "zf");
    assertThat(call(c, "DEBUG", "DIGEST")).isEqualTo("e09aaad4acbb168f7ed64ba4e1d3fd85c9922edb");
    c.call("FLUSHALL");
    assertThat(call(c, "DEBUG", "DIGEST")).isEqualTo(ZERO);
  }

  @Test
  void largeEncodingsStringsAndTtlsDigestLikeRedis() {
    RespClient c = resp();
    fillLarge(c);
    String[][] expected = {
      {"bighash", "hashtable", "da5884fc7ba8a8dc69e963590622d30a3baf7439"},
      {"longhash", "hashtable", "5f2ff696553b77f2f7d238cbb0294849a912b8c2"},
      {"bigset", "hashtable", "04d81c0962ffde34acf89d01fe2057bd59abc03f"},
      {"strset", "hashtable", "5d56ac3d0b6f6c93430488b89a82da6288c6d365"},
      {"bigzset", "skiplist", "99c49c98e1a1016a967e827e270d598f3730de8b"},
      {"biglist", "quicklist", "0fb1ae3843061dbdad9bccec9138b2a3d8196ab5"},
      {"intstr", "int", "e1cf90774e995ae03de66e8109dc5cb9d9c2dc83"},
      {"rawstr", "raw", "21d685e67d1eb1adefd095af3a000b0a17ef212a"},
      {"ttlstr", "embstr", "72e977d41f13e09cbc441364dc60138793e39328"},
      {"ttlhash", "listpack", "01ce97e79e107255ae83a560e4c2070114b00ba6"},
    };
    for (String[] e : expected) {
      assertThat(call(c, "OBJECT", "ENCODING", e[0])).as(e[0]).isEqualTo(e[1]);
      assertThat(call(c, "DEBUG", "DIGEST-VALUE", e[0])).as(e[0]).isEqualTo(List.of(e[2]));
    }
    assertThat(call(c, "DEBUG", "DIGEST")).isEqualTo("89f4993fbe583c242f23fcae11c0231acc7f906a");
    // Another database's keys count too, under that database's number.
    RespClient db3 = resp();
    db3.call("SELECT", "3");
    db3.call("RPUSH", "l", "x");
    assertThat(call(c, "DEBUG", "DIGEST")).isEqualTo("7cab010cd6588a23184a223cc35f121c76143825");
  }

  @Test
  void sortedSetScoresDigestTheSameInBothEncodings() {
    RespClient c = resp();
    List<Object> add = new ArrayList<>(List.of("ZADD", "zf"));
    add.addAll(
        List.of(
            "1.1",
            "a",
            "inf",
            "b",
            "0.1",
            "c",
            "-2.5e-10",
            "d",
            "3",
            "e",
            "-inf",
            "f",
            "12345678901234567890",
            "g"));
    c.call(add.toArray());
    add.set(1, "zs");
    add.add("0");
    add.add("x".repeat(100)); // too long for a listpack
    c.call(add.toArray());
    c.call("ZREM", "zs", "x".repeat(100));
    assertThat(call(c, "OBJECT", "ENCODING", "zf")).isEqualTo("listpack");
    assertThat(call(c, "OBJECT", "ENCODING", "zs")).isEqualTo("skiplist");
    assertThat(call(c, "DEBUG", "DIGEST-VALUE", "zf", "zs"))
        .isEqualTo(
            List.of(
                "41252dd3b7f2c504142bab1315216cb13c5319aa",
                "41252dd3b7f2c504142bab1315216cb13c5319aa"));
  }

  @Test
  void extremeScoresDigestLikeRedis() {
    RespClient c = resp();
    c.call(
        "ZADD",
        "ze",
        "1e300",
        "a",
        "5e-324",
        "b",
        "0.30000000000000004",
        "c",
        "1e17",
        "d",
        "1e16",
        "e",
        "-0",
        "f",
        "123.456",
        "g",
        "1e-5",
        "h",
        "2e-7",
        "i");
    assertThat(call(c, "DEBUG", "DIGEST-VALUE", "ze"))
        .isEqualTo(List.of("0819c9d5970d677c12425c7c42380a7f1c7f7940"));
  }

  /** The data measured on Redis: one key per large encoding, strings, and keys with a TTL. */
  static void fillLarge(RespClient c) {
    List<Object> bighash = new ArrayList<>(List.of("HSET", "bighash"));
    List<Object> bigset = new ArrayList<>(List.of("SADD", "bigset"));
    List<Object> strset = new ArrayList<>(List.of("SADD", "strset"));
    for (int i = 0; i < 600; i++) {
      bighash.add("f" + i);
      bighash.add("v" + i);
      bigset.add(String.valueOf(i));
      strset.add("s" + i);
    }
    List<Object> bigzset = new ArrayList<>(List.of("ZADD", "bigzset"));
    for (int i = 0; i < 200; i++) {
      bigzset.add(String.valueOf(i * 1.5));
      bigzset.add("m" + i);
    }
    List<Object> biglist = new ArrayList<>(List.of("RPUSH", "biglist"));
    for (int i = 0; i < 1000; i++) {
      biglist.add(String.valueOf(i));
    }
    c.call(bighash.toArray());
    c.call("HSET", "longhash", "f", "x".repeat(100), "g", "1");
    c.call(bigset.toArray());
    c.call(strset.toArray());
    c.call(bigzset.toArray());
    c.call(biglist.toArray());
    c.call("SET", "intstr", "12345");
    c.call("SET", "rawstr", "y".repeat(100));
    c.call("SET", "ttlstr", "z");
    c.call("EXPIRE", "ttlstr", "10000");
    c.call("HSET", "ttlhash", "a", "b");
    c.call("EXPIRE", "ttlhash", "10000");
  }
}
