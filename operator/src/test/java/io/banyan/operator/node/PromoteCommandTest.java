package io.banyan.operator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.operator.testing.RespStub;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeAdmin#promote(long)} sends {@code BANYAN PROMOTE <epoch>} (issue 11 item 3); a node
 * without the subcommand is admitted first and then promoted; a stale epoch is an error, not a
 * fallback. Against a tiny RESP endpoint on loopback that records what it receives.
 */
class PromoteCommandTest {
  private final List<String> received = new CopyOnWriteArrayList<>();

  private void promoteAgainst(Function<List<String>, String> answer, long epoch) throws Exception {
    Function<List<String>, String> recording =
        cmd -> {
          received.add(String.join(" ", cmd));
          return answer.apply(cmd);
        };
    try (RespStub node =
        RespStub.start(InetAddress.getLoopbackAddress(), 0, () -> recording::apply)) {
      try (NodeAdmin admin = new NodeConnector(5000).connect("127.0.0.1", node.port(), null)) {
        admin.promote(epoch);
      }
    }
  }

  @Test
  void oneBanyanPromoteWithTheEpoch() throws Exception {
    promoteAgainst(cmd -> "+OK\r\n", 4);
    assertThat(received).containsExactly("BANYAN PROMOTE 4");
  }

  @Test
  void anOlderNodeIsAdmittedBeforeItBecomesMaster() throws Exception {
    promoteAgainst(
        cmd ->
            cmd.get(1).equals("PROMOTE")
                ? "-ERR unknown subcommand 'PROMOTE'. Try BANYAN HELP.\r\n"
                : "+OK\r\n",
        4);
    assertThat(received).containsExactly("BANYAN PROMOTE 4", "BANYAN ADMIT 4", "REPLICAOF NO ONE");
  }

  @Test
  void aStaleEpochIsRefusedAndNothingElseIsSent() {
    assertThatThrownBy(
            () ->
                promoteAgainst(
                    cmd -> "-STALEEPOCH epoch 4 is older than this node's epoch 5\r\n", 4))
        .isInstanceOf(NodeErrorReply.class)
        .hasMessageContaining("STALEEPOCH");
    assertThat(received).containsExactly("BANYAN PROMOTE 4");
  }
}
