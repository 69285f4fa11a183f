package io.banyan.node.command.hashes;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RawConnection;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashIncrementsTest extends CollectionTestBase {
  private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
  private static final Err NOT_FLOAT = new Err("ERR value is not a valid float");

  @Test
  void hincrbyCreatesAndAdds() {
    RespClient c = resp();
    assertThat(c.call("HINCRBY", "h", "n", "5")).isEqualTo(5L);
    assertThat(c.call("HINCRBY", "h", "n", "-12")).isEqualTo(-7L);
    assertThat(c.call("HINCRBY", "h", "n", "0")).isEqualTo(-7L);
    assertThat(RespClient.str(c.call("HGET", "h", "n"))).isEqualTo("-7");
  }

  @Test
  void hincrbyReportsOverflowAndBadNumbers() throws Exception {
    RespClient c = resp();
    c.call("HSET", "h", "max", "9223372036854775807", "min", "-9223372036854775808");
    c.call("HSET", "h", "text", "abc", "float", "1.5", "spaced", " 1", "zeros", "007");
    Err overflow = new Err("ERR increment or decrement would overflow");
    assertThat(c.call("HINCRBY", "h", "max", "1")).isEqualTo(overflow);
    assertThat(c.call("HINCRBY", "h", "min", "-1")).isEqualTo(overflow);
    assertThat(c.call("HINCRBY", "h", "max", "-9223372036854775808")).isEqualTo(-1L);
    Err hashNotInteger = new Err("ERR hash value is not an integer");
    for (String field : List.of("text", "float", "spaced", "zeros")) {
      assertThat(c.call("HINCRBY", "h", field, "1")).as(field).isEqualTo(hashNotInteger);
    }
    for (String incr : List.of("abc", "1.5", " 1", "-0", "9223372036854775808", "")) {
      assertThat(c.call("HINCRBY", "h", "new", incr)).as(incr).isEqualTo(NOT_INTEGER);
    }
    assertThat(c.call("HINCRBY", "fresh", "f", "x")).isEqualTo(NOT_INTEGER);
    assertThat(exists("fresh")).isFalse();
  }

  @Test
  void hincrbyfloatPrintsLikeRedisLongDoubles() {
    RespClient c = resp();
    // Every expected value below was read from redis-server 7.0.
    assertThat(incrByFloat(c, "a", "0.1")).isEqualTo("0.1");
    assertThat(incrByFloat(c, "a", "0.2")).isEqualTo("0.3");
    assertThat(incrByFloat(c, "b", "10.5")).isEqualTo("10.5");
    assertThat(incrByFloat(c, "b", "0.1")).isEqualTo("10.6");
    assertThat(incrByFloat(c, "c", "5.0e3")).isEqualTo("5000");
    assertThat(incrByFloat(c, "c", "2.0e2")).isEqualTo("5200");
    assertThat(incrByFloat(c, "d", "1.23456789012345678901234")).isEqualTo("1.23456789012345679");
    assertThat(incrByFloat(c, "e", "-1e-20")).isEqualTo("0");
    assertThat(incrByFloat(c, "f", "0x1p-2")).isEqualTo("0.25");
    assertThat(incrByFloat(c, "f", ".5")).isEqualTo("0.75");
    assertThat(incrByFloat(c, "f", "5.")).isEqualTo("5.75");
    assertThat(incrByFloat(c, "f", "+1")).isEqualTo("6.75");
    assertThat(incrByFloat(c, "g", "123456789012345678901234567890"))
        .isEqualTo("123456789012345678899921813504");
    assertThat(incrByFloat(c, "m", "1.7976931348623157e308"))
        .startsWith(
            "17976931348623156999592104677410443404838644694432917848531442076517662852312");
    assertThat(incrByFloat(c, "m", "1.7976931348623157e308"))
        .hasSize(309)
        .startsWith("3595386269724631");
  }

  @Test
  void hincrbyfloatReadsStoredTextLikeStrtold() {
    RespClient c = resp();
    c.call("HSET", "h", "hex", "0x10", "big", "1e400", "int", "9223372036854775807");
    assertThat(incrByFloat(c, "hex", "1")).isEqualTo("17");
    assertThat(incrByFloat(c, "big", "1"))
        .hasSize(401)
        .startsWith("100000000000000000002818806839475865145864534336290520386259106935396855");
    assertThat(incrByFloat(c, "int", "1")).isEqualTo("9223372036854775808");
  }

  @Test
  void hincrbyfloatErrors() throws Exception {
    RespClient c = resp();
    c.call("HSET", "h", "text", "abc", "inf", "inf", "sp", " 1", "sp2", "1 ", "huge", "1e5000");
    for (String incr :
        List.of("abc", "nan", " 1", "1 ", "1e", "1_0", "1.5f", "0x", "1e5000", "1e-5000", "")) {
      assertThat(c.call("HINCRBYFLOAT", "h", "x", incr)).as(incr).isEqualTo(NOT_FLOAT);
    }
    Err notFinite = new Err("ERR value is NaN or Infinity");
    for (String incr : List.of("inf", "-inf", "+INF", "Infinity", "-infinity")) {
      assertThat(c.call("HINCRBYFLOAT", "h", "x", incr)).as(incr).isEqualTo(notFinite);
    }
    Err hashNotFloat = new Err("ERR hash value is not a float");
    for (String field : List.of("text", "sp", "sp2", "huge")) {
      assertThat(c.call("HINCRBYFLOAT", "h", field, "1")).as(field).isEqualTo(hashNotFloat);
    }
    Err wouldOverflow = new Err("ERR increment would produce NaN or Infinity");
    assertThat(c.call("HINCRBYFLOAT", "h", "inf", "1")).isEqualTo(wouldOverflow);
    c.call("HINCRBYFLOAT", "h", "max", "1.18e4932");
    assertThat(c.call("HINCRBYFLOAT", "h", "max", "1.18e4932")).isEqualTo(wouldOverflow);
    assertThat(c.call("HEXISTS", "h", "x")).isEqualTo(0L);
    assertThat(c.call("HINCRBYFLOAT", "fresh", "f", "nan")).isEqualTo(NOT_FLOAT);
    assertThat(exists("fresh")).isFalse();
  }

  @Test
  void hincrbyfloatPropagatesTheResultAsHset() throws Exception {
    RespClient c = resp();
    List<String> sent =
        propagated(
            () -> {
              c.call("HINCRBYFLOAT", "h", "f", "0.1");
              c.call("HINCRBYFLOAT", "h", "f", "0.2");
              c.call("HINCRBYFLOAT", "h", "f", "abc");
              c.call("HINCRBY", "h", "n", "2");
            });
    assertThat(sent).containsExactly("HSET h f 0.1", "HSET h f 0.3", "HINCRBY h n 2");
  }

  @Test
  void resp3ShapesOfIncrements() throws Exception {
    RawConnection r3 = raw(3);
    assertThat(r3.call("HINCRBY", "h", "n", "3")).isEqualTo(":3\r\n");
    assertThat(r3.call("HINCRBYFLOAT", "h", "f", "1.5")).isEqualTo("$3\r\n1.5\r\n");
  }

  private static String incrByFloat(RespClient c, String field, String incr) {
    Object reply = c.call("HINCRBYFLOAT", "h", field, incr);
    assertThat(reply).as(field + " += " + incr).isInstanceOf(byte[].class);
    String text = RespClient.str(reply);
    assertThat(RespClient.str(c.call("HGET", "h", field))).isEqualTo(text);
    return text;
  }
}
