package io.banyan.node.command.hashes;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.Bytes;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class LongDoubleTest {
  @Test
  void parsesStrtoldSyntax() {
    assertThat(value("1.5")).isEqualByComparingTo("1.5");
    assertThat(value("-2e3")).isEqualByComparingTo("-2000");
    assertThat(value("0x10")).isEqualByComparingTo("16");
    assertThat(value("0X1.8p1")).isEqualByComparingTo("3");
    assertThat(value(".25")).isEqualByComparingTo("0.25");
    assertThat(value("7.")).isEqualByComparingTo("7");
    assertThat(value("+0")).isEqualByComparingTo("0");
    assertThat(value("-0.0e99999999999")).isEqualByComparingTo("0");
    assertThat(LongDouble.parse(Bytes.utf8("INF")).infinite()).isTrue();
    assertThat(LongDouble.parse(Bytes.utf8("-Infinity")).infinite()).isTrue();
    for (String bad :
        new String[] {
          "", " 1", "1 ", "nan", "-nan", "1e", "1e+", "0x", "0x.p1", ".", "-", "1.5L", "1,5", "inf1"
        }) {
      assertThat(LongDouble.parse(Bytes.utf8(bad))).as(bad).isNull();
    }
  }

  @Test
  void refusesOverflowAndUnderflowToZeroButKeepsSubnormals() {
    assertThat(LongDouble.parse(Bytes.utf8("1e4933"))).isNull();
    assertThat(LongDouble.parse(Bytes.utf8("1e-4955"))).isNull();
    assertThat(LongDouble.parse(Bytes.utf8("0x1p16384"))).isNull();
    assertThat(value("1.18e4932").signum()).isPositive();
    BigDecimal subnormal = value("4e-4951"); // between 2^-16445 and 2^-16382
    assertThat(subnormal.signum()).isPositive();
    // Subnormals have a fixed quantum of 2^-16445: the value is a whole multiple of it.
    BigDecimal quantum = BigDecimal.ONE.divide(new BigDecimal(BigInteger.TWO.pow(16445)));
    assertThat(subnormal.remainder(quantum).signum()).isZero();
  }

  @Test
  void roundsToA64BitMantissa() {
    // 2^64 + 1 is not representable: it rounds to 2^64 (ties and below go down to even).
    BigDecimal twoTo64 = new BigDecimal(BigInteger.TWO.pow(64));
    assertThat(value(twoTo64.add(BigDecimal.ONE).toPlainString())).isEqualByComparingTo(twoTo64);
    // 2^64 + 3 lies exactly between 2^64 + 2 and 2^64 + 4: ties go to the even mantissa.
    assertThat(value(twoTo64.add(BigDecimal.valueOf(3)).toPlainString()))
        .isEqualByComparingTo(twoTo64.add(BigDecimal.valueOf(4)));
    assertThat(value("18446744073709551615"))
        .isEqualByComparingTo(twoTo64.subtract(BigDecimal.ONE)); // 64 bits: exact
    assertThat(value("36893488147419103231")) // 2^65 - 1 needs 65 bits: rounds up
        .isEqualByComparingTo(new BigDecimal(BigInteger.TWO.pow(65)));
    assertThat(value("9223372036854775807"))
        .isEqualByComparingTo(new BigDecimal(BigInteger.TWO.pow(63).subtract(BigInteger.ONE)));
  }

  @Test
  void formatsLikePercent17LfWithoutTrailingZeros() {
    assertThat(LongDouble.format(new BigDecimal("5200"))).isEqualTo("5200");
    assertThat(LongDouble.format(new BigDecimal("-0.000000000000000001"))).isEqualTo("0");
    assertThat(LongDouble.format(new BigDecimal("2.50"))).isEqualTo("2.5");
    assertThat(LongDouble.format(new BigDecimal("0.123456789012345675")))
        .isEqualTo("0.12345678901234568");
    assertThat(LongDouble.format(LongDouble.add(value("0.1"), value("0.2")))).isEqualTo("0.3");
  }

  @Test
  void additionOverflowIsReported() {
    BigDecimal max = value("1.18e4932");
    assertThat(LongDouble.add(max, max)).isNull();
    assertThat(LongDouble.add(max, max.negate()).signum()).isZero();
  }

  private static BigDecimal value(String text) {
    LongDouble.Parsed p = LongDouble.parse(Bytes.utf8(text));
    assertThat(p).as(text).isNotNull();
    assertThat(p.infinite()).isFalse();
    return p.finite();
  }
}
