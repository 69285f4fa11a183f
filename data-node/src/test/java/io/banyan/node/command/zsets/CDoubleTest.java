package io.banyan.node.command.zsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strtod emulation and the score/cursor parsers built on it. */
class CDoubleTest {
  private static CDouble.Result strtod(String s) {
    return CDouble.strtod(s.getBytes(StandardCharsets.US_ASCII), 0);
  }

  @Test
  void convertsTheLongestAcceptedPrefix() {
    assertThat(strtod("1.5abc")).isEqualTo(new CDouble.Result(1.5, 3, false));
    assertThat(strtod("  -2e3")).isEqualTo(new CDouble.Result(-2000, 6, false));
    assertThat(strtod("1e")).isEqualTo(new CDouble.Result(1, 1, false));
    assertThat(strtod("1e+")).isEqualTo(new CDouble.Result(1, 1, false));
    assertThat(strtod(".5")).isEqualTo(new CDouble.Result(0.5, 2, false));
    assertThat(strtod("5.")).isEqualTo(new CDouble.Result(5, 2, false));
    assertThat(strtod(".")).isEqualTo(new CDouble.Result(0, 0, false));
    assertThat(strtod("")).isEqualTo(new CDouble.Result(0, 0, false));
    assertThat(strtod("  x")).isEqualTo(new CDouble.Result(0, 0, false));
    assertThat(strtod("+")).isEqualTo(new CDouble.Result(0, 0, false));
  }

  @Test
  void infinitiesNanAndHex() {
    assertThat(strtod("INF").value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(strtod("-Infinity"))
        .isEqualTo(new CDouble.Result(Double.NEGATIVE_INFINITY, 9, false));
    assertThat(strtod("infinit").end()).isEqualTo(3);
    assertThat(strtod("nan(123)").end()).isEqualTo(8);
    assertThat(strtod("nan(12").end()).isEqualTo(3);
    assertThat(Double.isNaN(strtod("NaN").value())).isTrue();
    assertThat(strtod("0x10")).isEqualTo(new CDouble.Result(16, 4, false));
    assertThat(strtod("0x1p3")).isEqualTo(new CDouble.Result(8, 5, false));
    assertThat(strtod("-0x.8")).isEqualTo(new CDouble.Result(-0.5, 5, false));
    assertThat(strtod("0xg")).isEqualTo(new CDouble.Result(0, 1, false));
    assertThat(strtod("0x1p")).isEqualTo(new CDouble.Result(1, 3, false));
  }

  @Test
  void rangeErrors() {
    assertThat(strtod("1e400")).isEqualTo(new CDouble.Result(Double.POSITIVE_INFINITY, 5, true));
    assertThat(strtod("-1e99999999999999999999").outOfRange()).isTrue();
    assertThat(strtod("1e-400")).isEqualTo(new CDouble.Result(0, 6, true));
    assertThat(strtod("1e-310").outOfRange()).isTrue();
    assertThat(strtod("0e-400").outOfRange()).isFalse();
    assertThat(strtod("0x1p99999").outOfRange()).isTrue();
  }

  @Test
  void scoresFollowGetDoubleFromObject() {
    assertThat(ZParse.score(b("1e-310"))).isEqualTo(1e-310);
    assertThat(ZParse.score(b("0x10"))).isEqualTo(16.0);
    assertThat(ZParse.score(b("-inf"))).isEqualTo(Double.NEGATIVE_INFINITY);
    for (String bad : new String[] {"", " 1", "1 ", "nan", "1e400", "1e-400", "1x"}) {
      assertThat(ZParse.score(b(bad))).as(bad).isNull();
    }
  }

  @Test
  void cursorsFollowStrtoul() {
    assertThat(ZRandScanCommands.parseCursor(b("0"))).isZero();
    assertThat(ZRandScanCommands.parseCursor(b(""))).isZero();
    assertThat(ZRandScanCommands.parseCursor(b("+7"))).isEqualTo(7);
    assertThat(ZRandScanCommands.parseCursor(b("-1"))).isEqualTo(-1L);
    assertThat(ZRandScanCommands.parseCursor(b("18446744073709551615"))).isEqualTo(-1L);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
