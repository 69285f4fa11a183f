package io.banyan.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Expected texts were produced by Redis 7.0 (x86-64, 80-bit long double) for the same inputs. */
class LongDoubleTest {
  private static LongDouble parse(String s) {
    return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String sum(String a, String b) {
    LongDouble r = parse(a).plus(parse(b));
    return r == null ? null : r.toHumanString();
  }

  @Test
  void decimalSumsPrintWithoutBinaryNoise() {
    assertThat(sum("10.1", "0.2")).isEqualTo("10.3");
    assertThat(sum("0.1", "0.2")).isEqualTo("0.3");
    assertThat(sum("1.1", "2.2")).isEqualTo("3.3");
    assertThat(sum("5000", "200")).isEqualTo("5200");
    assertThat(sum("0", "-0.0")).isEqualTo("0");
    assertThat(sum("1e-20", "0")).isEqualTo("0");
    assertThat(sum("-1e-20", "0")).isEqualTo("0");
    assertThat(sum("0.5", "-1")).isEqualTo("-0.5");
  }

  @Test
  void largeValuesPrintAllIntegerDigits() {
    assertThat(sum("1e300", "0"))
        .startsWith("10000000000000000000089973240795591938705239442732907479382600823212656")
        .hasSize(301);
    assertThat(sum("123456789012345678901234567890", "0"))
        .isEqualTo("123456789012345678899921813504");
    assertThat(sum("9223372036854775807", "1")).isEqualTo("9223372036854775808");
  }

  @Test
  void acceptsWhatStrtoldAccepts() {
    assertThat(parse("+3").toHumanString()).isEqualTo("3");
    assertThat(parse(".5").toHumanString()).isEqualTo("0.5");
    assertThat(parse("5.").toHumanString()).isEqualTo("5");
    assertThat(parse("1E3").toHumanString()).isEqualTo("1000");
    assertThat(parse("0x1p-3").toHumanString()).isEqualTo("0.125");
    assertThat(parse("0X1.8P3").toHumanString()).isEqualTo("12");
    assertThat(parse("0x.8").toHumanString()).isEqualTo("0.5");
    assertThat(parse("1e-4950")).isNotNull(); // subnormal, still non-zero
    assertThat(parse("INF").isInfinite()).isTrue();
    assertThat(parse("-Infinity").isInfinite()).isTrue();
    assertThat(parse("7\0garbage").toHumanString()).isEqualTo("7");
  }

  @Test
  void rejectsWhatRedisRejects() {
    for (String bad :
        new String[] {
          "",
          " 1",
          "1 ",
          "nan",
          "NaN",
          "1e",
          "1e+",
          "0x",
          "0x1p",
          "--1",
          "1.2.3",
          ".",
          "e5",
          "1e5000",
          "1e-5000",
          "infinite",
          "+"
        }) {
      assertThat(parse(bad)).as("'%s'", bad).isNull();
    }
    assertThat(parse("1".repeat(5120))).isNull();
  }

  @Test
  void infinityAndOverflowHaveNoSum() {
    assertThat(parse("inf").plus(parse("1"))).isNull();
    assertThat(parse("inf").plus(parse("-inf"))).isNull();
    assertThat(parse("1e4932").plus(parse("1e4932"))).isNull();
  }
}
