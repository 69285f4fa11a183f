package io.banyan.node.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The backlog's offset arithmetic: wrap-around, coverage, resizing. */
class BacklogTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }

  @Test
  void holdsTheLastBytesAcrossTheWrap() {
    Backlog log = new Backlog(8, 100);
    assertThat(log.firstByteOffset()).isEqualTo(101);
    assertThat(log.covers(101)).isTrue(); // nothing held yet, but the next byte may be asked for
    log.append(b("abcdef"), 0, 6);
    assertThat(log.endOffset()).isEqualTo(106);
    assertThat(s(log.from(101))).isEqualTo("abcdef");
    log.append(b("ghij"), 0, 4); // wraps: holds cdefghij
    assertThat(log.histlen()).isEqualTo(8);
    assertThat(log.firstByteOffset()).isEqualTo(103);
    assertThat(s(log.from(103))).isEqualTo("cdefghij");
    assertThat(s(log.from(108))).isEqualTo("hij");
    assertThat(log.covers(102)).isFalse();
    assertThat(log.covers(111)).isTrue();
    assertThat(log.covers(112)).isFalse();
  }

  @Test
  void aWriteLargerThanTheBufferKeepsItsTail() {
    Backlog log = new Backlog(4, 0);
    log.append(b("0123456789"), 0, 10);
    assertThat(log.firstByteOffset()).isEqualTo(7);
    assertThat(s(log.from(7))).isEqualTo("6789");
  }

  @Test
  void resizingKeepsTheNewestBytes() {
    Backlog log = new Backlog(8, 0);
    log.append(b("abcdefgh"), 0, 8);
    log.resize(3);
    assertThat(log.endOffset()).isEqualTo(8);
    assertThat(s(log.from(6))).isEqualTo("fgh");
    log.resize(16);
    log.append(b("ij"), 0, 2);
    assertThat(s(log.from(6))).isEqualTo("fghij");
  }
}
