package io.banyan.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The RDB framing a master sends after +FULLRESYNC: sized and EOF-marked, and broken ones. */
class SnapshotStreamTest {
  private static final String MARK = "0123456789abcdef0123456789abcdef01234567";

  private static byte[] payload(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static byte[] concat(String head, byte[] body, String tail) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(body);
    b.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  @Test
  void sizedBulkAfterKeepAliveNewlines() throws IOException {
    byte[] rdb = payload(200_000);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    long n =
        SnapshotStream.copyRdb(
            new ByteArrayInputStream(concat("\n\n$" + rdb.length + "\r\n", rdb, "")), sink);
    assertThat(n).isEqualTo(rdb.length);
    assertThat(sink.toByteArray()).isEqualTo(rdb);
  }

  @Test
  void eofMarkedBulkOfAnySizeStopsAtTheMark() throws IOException {
    for (int size : new int[] {0, 1, 39, 40, 41, 65_536, 65_577, 300_001}) {
      byte[] rdb = payload(size);
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      long n =
          SnapshotStream.copyRdb(
              new ByteArrayInputStream(concat("$EOF:" + MARK + "\r\n", rdb, MARK)), sink);
      assertThat(n).as("size %d", size).isEqualTo(size);
      assertThat(sink.toByteArray()).isEqualTo(rdb);
    }
  }

  @Test
  void truncatedOrRefusedSnapshotsFail() {
    assertThatThrownBy(
            () ->
                SnapshotStream.copyRdb(
                    new ByteArrayInputStream(concat("$100\r\n", payload(10), "")),
                    new ByteArrayOutputStream()))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(
            () ->
                SnapshotStream.copyRdb(
                    new ByteArrayInputStream(concat("$EOF:" + MARK + "\r\n", payload(10), "")),
                    new ByteArrayOutputStream()))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(
            () ->
                SnapshotStream.copyRdb(
                    new ByteArrayInputStream("-NOMASTERLINK fenced\r\n".getBytes()),
                    new ByteArrayOutputStream()))
        .hasMessageContaining("refused the snapshot: -NOMASTERLINK fenced");
    assertThatThrownBy(
            () ->
                SnapshotStream.copyRdb(
                    new ByteArrayInputStream("$-5\r\n".getBytes()), new ByteArrayOutputStream()))
        .hasMessageContaining("expected an RDB bulk");
  }
}
