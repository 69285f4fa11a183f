package io.banyan.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.node.NodeConnector;
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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The observer tells a refused password from an unreachable node: a password-protected RESP
 * endpoint on a loopback address (run inside the isolated network namespace: it binds the data
 * node's port) answers AUTH and INFO as Redis does.
 */
class ClusterObserverIT {
  private static final String IP = "127.61.9.1";
  private static final String PASSWORD = "right";
  private static ServerSocket server;

  @BeforeAll
  static void startNode() throws IOException {
    server = new ServerSocket(NodeConnector.PORT, 16, InetAddress.getByName(IP));
    Thread.ofVirtual().start(ClusterObserverIT::serve);
  }

  @AfterAll
  static void stopNode() throws IOException {
    server.close();
  }

  private static void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> session(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Redis's answers: AUTH checks the password; INFO needs it. */
  private static void session(Socket socket) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream out = socket.getOutputStream();
      boolean authenticated = false;
      List<String> command;
      while ((command = readCommand(in)) != null) {
        String reply;
        if (command.get(0).equalsIgnoreCase("AUTH")) {
          authenticated = command.get(1).equals(PASSWORD);
          reply =
              authenticated
                  ? "+OK\r\n"
                  : "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
        } else if (!authenticated) {
          reply = "-NOAUTH Authentication required.\r\n";
        } else {
          String info = "# Replication\r\nrole:master\r\nmaster_repl_offset:42\r\n";
          reply = "$" + info.length() + "\r\n" + info + "\r\n";
        }
        out.write(reply.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // the observer closed the connection
    }
  }

  private static List<String> readCommand(BufferedReader in) throws IOException {
    String header = in.readLine();
    if (header == null) {
      return null;
    }
    int n = Integer.parseInt(header.substring(1));
    List<String> args = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      in.readLine(); // $length
      args.add(in.readLine());
    }
    return args;
  }

  private static ClusterObserver.Probes observe(String password) {
    return new ClusterObserver(new NodeConnector(2000))
        .observe(List.of("a-0", "a-1"), Map.of("a-0", IP), Set.of("a-0", "a-1"), password);
  }

  @Test
  void aWrongPasswordIsReportedAsRefusedNotJustUnreachable() {
    ClusterObserver.Probes probes = observe("stale");
    assertThat(probes.authRejected()).containsExactly("a-0");
    assertThat(probes.nodes().get("a-0").reachable()).isFalse();
  }

  @Test
  void duringARotationTheNodeIsSeenWithThePreviousPassword() {
    // The Secret holds the new password; the node started before the change wants the old one.
    ClusterObserver.Probes probes =
        new ClusterObserver(new NodeConnector(2000))
            .observe(
                List.of("a-0"), Map.of("a-0", IP), Set.of("a-0"), List.of("rotated", PASSWORD));
    assertThat(probes.authRejected()).isEmpty();
    assertThat(probes.nodes().get("a-0").reachable()).isTrue();
    assertThat(probes.acceptedBy("a-0")).contains(PASSWORD);
  }

  @Test
  void theNewPasswordIsTriedFirst() {
    ClusterObserver.Probes probes =
        new ClusterObserver(new NodeConnector(2000))
            .observe(List.of("a-0"), Map.of("a-0", IP), Set.of("a-0"), List.of(PASSWORD, "old"));
    assertThat(probes.acceptedBy("a-0")).contains(PASSWORD);
  }

  @Test
  void noPasswordWhereOneIsNeededIsRefusedToo() {
    assertThat(observe(null).authRejected()).containsExactly("a-0");
  }

  @Test
  void theRightPasswordObservesAndANodeWithoutAnAddressIsNoRefusal() {
    ClusterObserver.Probes probes = observe(PASSWORD);
    assertThat(probes.authRejected()).isEmpty();
    assertThat(probes.nodes().get("a-0").reachable()).isTrue();
    assertThat(probes.nodes().get("a-0").offset()).isEqualTo(42);
    assertThat(probes.nodes().get("a-1").reachable()).isFalse();
  }
}
