package io.banyan.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.testing.RespStub;
import java.io.IOException;
import java.net.InetAddress;
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
  private static RespStub node;

  @BeforeAll
  static void startNode() throws IOException {
    node = RespStub.start(InetAddress.getByName(IP), NodeConnector.PORT, PasswordSession::new);
  }

  @AfterAll
  static void stopNode() throws IOException {
    node.close();
  }

  /** Redis's answers: AUTH checks the password; INFO needs it. */
  private static final class PasswordSession implements RespStub.Session {
    private boolean authenticated;

    @Override
    public String answer(List<String> command) {
      if (command.get(0).equalsIgnoreCase("AUTH")) {
        authenticated = command.get(1).equals(PASSWORD);
        return authenticated
            ? "+OK\r\n"
            : "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
      }
      if (!authenticated) {
        return "-NOAUTH Authentication required.\r\n";
      }
      return RespStub.bulk("# Replication\r\nrole:master\r\nmaster_repl_offset:42\r\n");
    }
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
