package io.banyan.node.persistence.aof;

import static io.banyan.node.persistence.aof.AofFixtures.command;
import static io.banyan.node.persistence.aof.AofFixtures.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading commands back: a file cut anywhere is "truncated", never "corrupt", and vice versa. */
class AofCommandReaderTest {
  private static List<String> readAll(byte[] file) throws Exception {
    AofCommandReader r = new AofCommandReader(new ByteArrayInputStream(file), "f", 0, file.length);
    List<String> out = new ArrayList<>();
    byte[][] argv;
    while ((argv = r.next()) != null) {
      StringBuilder sb = new StringBuilder();
      for (byte[] a : argv) {
        sb.append(sb.isEmpty() ? "" : " ").append(new String(a, StandardCharsets.UTF_8));
      }
      out.add(sb.toString());
    }
    return out;
  }

  @Test
  void readsCommandsBinaryArgumentsAndSkipsAnnotations() throws Exception {
    byte[] file =
        concat(
            command("SELECT", "0"),
            "#TS:1700000000\r\n".getBytes(StandardCharsets.US_ASCII),
            command("SET", "k", "a\r\nb"),
            command("SET", "", ""));
    assertThat(readAll(file)).containsExactly("SELECT 0", "SET k a\r\nb", "SET  ");
  }

  @Test
  void everyCutInsideTheLastCommandIsATruncationAtItsStart() {
    byte[] head = command("SET", "a", "1");
    byte[] full = concat(head, command("RPUSH", "list", "x", "yy"));
    for (int cut = head.length + 1; cut < full.length; cut++) {
      byte[] file = Arrays.copyOf(full, cut);
      int at = cut;
      assertThatThrownBy(() -> readAll(file))
          .as("cut at %d", at)
          .isInstanceOfSatisfying(
              AofCommandReader.Truncated.class,
              t -> assertThat(t.validUpTo).isEqualTo(head.length));
    }
  }

  @Test
  void bytesThatAreNotACommandAreCorruptionWithTheirOffset() {
    byte[] head = command("SET", "a", "1");
    assertThatThrownBy(() -> readAll(concat(head, "x".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(AofFormatException.class)
        .hasMessageContaining("at offset " + head.length)
        .hasMessageContaining("expected '*'");
    byte[] badBulk = "*1\r\n#3\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> readAll(badBulk))
        .isInstanceOf(AofFormatException.class)
        .hasMessageContaining("at offset 4")
        .hasMessageContaining("expected '$'");
    byte[] badLength = "*1\r\n$3x\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> readAll(badLength)).hasMessageContaining("invalid bulk length");
    byte[] noCrlf = "*1\r\n$3\r\nSETxx".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> readAll(noCrlf)).hasMessageContaining("not followed by CRLF");
    byte[] zeroArgs = "*0\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> readAll(zeroArgs)).hasMessageContaining("invalid argument count 0");
    byte[] huge = "*1\r\n$99999999999\r\nx".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> readAll(huge)).hasMessageContaining("invalid bulk length");
  }
}
