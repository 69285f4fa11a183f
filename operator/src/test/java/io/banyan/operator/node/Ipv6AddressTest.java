package io.banyan.operator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.banyan.operator.observe.InfoReplication;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Role;
import io.banyan.operator.reconcile.TreeWiring;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pods of a dual-stack or IPv6 cluster have IPv6 pod IPs: every {@code host:port} the operator
 * builds brackets the literal, commands that take host and port apart get it bare (as Redis
 * expects), and what a replica reports about its master matches the address the operator expects.
 */
class Ipv6AddressTest {
  private static final String POD_IP = "fd00:10:244::5";

  @Test
  void hostPortBracketsIpv6LiteralsOnly() {
    assertThat(NodeConnector.address("10.244.0.5")).isEqualTo("10.244.0.5:6379");
    assertThat(NodeConnector.address(POD_IP)).isEqualTo("[fd00:10:244::5]:6379");
    assertThat(NodeConnector.hostPort("::1", 7000)).isEqualTo("[::1]:7000");
    assertThat(NodeConnector.hostPort("[::1]", 7000))
        .as("already bracketed")
        .isEqualTo("[::1]:7000");
    assertThat(NodeConnector.hostPort("node-0.nodes.ns.svc", 6379))
        .isEqualTo("node-0.nodes.ns.svc:6379");
  }

  @Test
  void aReplicaOfAnIpv6MasterIsRecognisedAsWired() {
    String info =
        "# Replication\r\nrole:slave\r\nmaster_host:"
            + POD_IP
            + "\r\nmaster_port:6379\r\nmaster_link_status:up\r\n"
            + "master_sync_in_progress:0\r\nslave_repl_offset:42\r\nbanyan_epoch:1\r\n";
    NodeObservation replica = InfoReplication.parse("b", info);
    assertThat(replica.masterAddress()).isEqualTo("[fd00:10:244::5]:6379");

    Map<String, String> parents = new LinkedHashMap<>();
    parents.put("m", null);
    parents.put("b", "m");
    NodeObservation master =
        NodeObservation.of("m")
            .role(Role.MASTER)
            .epoch(1)
            .offset(42)
            .replid("r")
            .connectedReplicas(1)
            .build();
    assertThat(
            TreeWiring.plan(
                parents,
                "m",
                Map.of("m", master, "b", replica),
                Map.of("m", POD_IP, "b", "fd00:10:244::6"),
                1,
                true))
        .as("already following its parent: no REPLICAOF again")
        .isEmpty();
  }

  /**
   * Over a real IPv6 loopback connection, REPLICAOF and FAILOVER TO carry the bare literal in their
   * own argument; the stand-in node records what it received.
   */
  @Test
  void commandsCarryTheBareIpv6LiteralOverAnIpv6Connection() throws Exception {
    InetAddress loopback = InetAddress.getByName("::1");
    ServerSocket server;
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(loopback, 0));
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
      return;
    }
    try (server) {
      CompletableFuture<List<List<String>>> received =
          CompletableFuture.supplyAsync(() -> serveTwoCommands(server));
      try (NodeAdmin admin = new NodeConnector(5000).connect("::1", server.getLocalPort(), null)) {
        admin.replicaOf(POD_IP, NodeConnector.PORT);
        admin.failoverTo(POD_IP, NodeConnector.PORT, 5000);
      }
      assertThat(received.get(10, TimeUnit.SECONDS))
          .containsExactly(
              List.of("REPLICAOF", POD_IP, "6379"),
              List.of("FAILOVER", "TO", POD_IP, "6379", "TIMEOUT", "5000"));
    }
  }

  /** Accepts one connection, reads two RESP commands, answers each {@code +OK}. */
  private static List<List<String>> serveTwoCommands(ServerSocket server) {
    try (Socket s = server.accept();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream out = s.getOutputStream();
      List<List<String>> commands = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        int count = Integer.parseInt(in.readLine().substring(1));
        List<String> args = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          in.readLine(); // $<length>
          args.add(in.readLine());
        }
        commands.add(args);
        out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      return commands;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
