package io.banyan.node.command.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.command.model.CommandException;
import io.banyan.node.replication.FailoverRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** FAILOVER's syntax, without a node: what Redis 7.0 accepts and the errors it gives. */
class FailoverArgsTest {

  private static byte[][] argv(String... words) {
    return Arrays.stream(words).map(w -> w.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  @Test
  void optionsComeInAnyOrderAndAnyCase() {
    assertThat(FailoverArgs.parse(argv("failover", "timeout", "500", "force", "TO", "h", "7000")))
        .isEqualTo(new FailoverRequest("h", 7000, true, 500));
    assertThat(FailoverArgs.parse(argv("failover")))
        .isEqualTo(new FailoverRequest(null, 0, false, 0));
  }

  @Test
  void abortIsOnlyAbortAlone() {
    assertThat(FailoverArgs.isAbort(argv("failover", "ABORT"))).isTrue();
    assertThat(FailoverArgs.isAbort(argv("failover", "abort", "timeout", "1"))).isFalse();
    assertThatThrownBy(() -> FailoverArgs.parse(argv("failover", "abort", "timeout", "1")))
        .isInstanceOf(CommandException.class)
        .hasMessage("ERR syntax error");
  }

  @Test
  void repeatedOrIncompleteOptionsAreSyntaxErrors() {
    for (String[] bad :
        new String[][] {
          {"failover", "force", "force"},
          {"failover", "to", "h"},
          {"failover", "timeout"},
          {"failover", "timeout", "5", "timeout", "6"},
          {"failover", "to", "h", "1", "to", "h", "2"},
          {"failover", "sideways"}
        }) {
      assertThatThrownBy(() -> FailoverArgs.parse(argv(bad)))
          .as(String.join(" ", bad))
          .hasMessage("ERR syntax error");
    }
  }

  @Test
  void numbersAreCheckedWithRedisTexts() {
    assertThatThrownBy(() -> FailoverArgs.parse(argv("failover", "timeout", "0")))
        .hasMessage("ERR FAILOVER timeout must be greater than 0");
    assertThatThrownBy(() -> FailoverArgs.parse(argv("failover", "timeout", "x")))
        .hasMessage("ERR value is not an integer or out of range");
    assertThatThrownBy(() -> FailoverArgs.parse(argv("failover", "to", "h", "p")))
        .hasMessage("ERR value is not an integer or out of range");
  }

  @Test
  void aPortNoReplicaCanHaveMatchesNone() {
    assertThat(FailoverArgs.parse(argv("failover", "to", "h", "4294967296")).port()).isEqualTo(-1);
  }
}
