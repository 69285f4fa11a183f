package io.banyan.operator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> serve(server, answer));
      try (NodeAdmin admin =
          new NodeConnector(5000).connect("127.0.0.1", server.getLocalPort(), null)) {
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

  private void serve(ServerSocket server, Function<List<String>, String> answer) {
    try (Socket s = server.accept();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream out = s.getOutputStream();
      List<String> cmd;
      while ((cmd = read(in)) != null) {
        received.add(String.join(" ", cmd));
        out.write(answer.apply(cmd).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // the client closed the connection
    }
  }

  private static List<String> read(BufferedReader in) throws IOException {
    String header = in.readLine();
    if (header == null) {
      return null;
    }
    int n = Integer.parseInt(header.substring(1));
    List<String> args = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      in.readLine();
      args.add(in.readLine());
    }
    return args;
  }
}
