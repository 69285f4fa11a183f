package io.banyan.local.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real iptables rules on real loopback addresses: three "pods" 127.77.1.2–4 on Kubernetes nodes
 * n-a, n-b, n-c, each an echo server, plus a node-local port on .2. Needs root and Debian's
 * iptables (bin/test installs it); run it in a private network namespace ({@code unshare -n}, as
 * {@code /work/tools/isolated} does) to keep the host's rules untouched — though the chain is only
 * about 127.77.1.0/24 either way.
 */
class PartitionsIT {
  static final String NETWORK = "77.1";
  static final String A = "127.77.1.2";
  static final String B = "127.77.1.3";
  static final String C = "127.77.1.4";
  static final int CUT_OFF_MILLIS = 1500;
  static final Duration HEALS_WITHIN = Duration.ofSeconds(60);

  final List<Partitions.Member> members = new CopyOnWriteArrayList<>();
  final List<ServerSocket> servers = new ArrayList<>();
  final java.util.Map<String, Integer> ports = new java.util.HashMap<>();
  Partitions partitions;
  int probePort;

  @BeforeEach
  void start() throws IOException {
    members.add(new Partitions.Member("ns/a", A, "n-a"));
    members.add(new Partitions.Member("ns/b", B, "n-b"));
    members.add(new Partitions.Member("ns/c", C, "n-c"));
    for (String ip : List.of(A, B, C)) {
      ports.put(ip, echo(ip, 0));
    }
    probePort = echo(A, 0);
    partitions = new Partitions(NETWORK, () -> members, Set.of(probePort));
  }

  @AfterEach
  void stop() throws IOException {
    if (partitions != null) {
      partitions.close();
    }
    for (ServerSocket s : servers) {
      s.close();
    }
  }

  @Test
  void aPartitionedNodeCannotExchangeBytesWithOthersWhileOthersStillCan() throws IOException {
    partitions.partition(node("n-a"));

    assertCutOff(B, A); // a connection attempt hangs: the SYN is dropped, nothing answers
    assertCutOff(A, B); // both directions
    assertCutOff(null, A); // the operator, the forwarders and clients (127.0.0.1) too
    assertEchoes(B, C);
    assertEchoes(null, C);
    // the kubelet's probes reach the pod on its own node
    try (Socket s = connect(null, A, probePort)) {
      assertThat(s.isConnected()).isTrue();
    }
    assertThat(partitions.addresses()).containsEntry("n-a", Set.of(A));
  }

  @Test
  void anEstablishedConnectionStopsReceivingAndResumesAfterTheHeal() throws IOException {
    try (Socket s = connect(B, A, ports.get(A))) {
      roundTrip(s, 'x'); // established and working

      partitions.partition(node("n-a"));
      s.getOutputStream().write('y');
      s.setSoTimeout(CUT_OFF_MILLIS);
      InputStream in = s.getInputStream();
      assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

      partitions.heal("n-a");
      // the kernel retransmits 'y' (and the echo) once the path is back, as after a real heal
      s.setSoTimeout((int) HEALS_WITHIN.toMillis());
      assertThat(in.read()).isEqualTo('y');
    }
  }

  @Test
  void podsOfAPartitionedSideStillTalkToEachOther() throws IOException {
    members.set(1, new Partitions.Member("ns/b", B, "n-a")); // b runs on n-a as well
    partitions.partition(node("n-a"));

    assertEchoes(B, A);
    assertEchoes(A, B);
    assertCutOff(C, A);
    assertCutOff(C, B);
  }

  @Test
  void aPodThatAppearsOnAPartitionedNodeIsCutOffToo() throws IOException {
    partitions.partition(node("n-c"));
    assertEchoes(B, A);

    members.set(0, new Partitions.Member("ns/a", A, "n-c")); // re-created on n-c
    await("a cut off once it runs on the partitioned node")
        .atMost(HEALS_WITHIN)
        .until(() -> partitions.addresses().get("n-c").contains(A));
    assertCutOff(B, A);
  }

  @Test
  void twoSidesAreCutOffFromEachOtherAndOneHealsAlone() throws IOException {
    partitions.partition(node("n-a"));
    partitions.partition(new Partitions.Side("b", Set.of(), Set.of("ns/b")));
    assertCutOff(A, B);
    assertCutOff(B, C);

    assertThat(partitions.heal("b")).isTrue();
    assertEchoes(B, C);
    assertCutOff(B, A);

    partitions.healAll();
    assertEchoes(B, A);
    assertThat(partitions.heal("n-a")).isFalse();
  }

  @Test
  void closeRemovesTheChainsAndANewRunRemovesACrashedRunsRules() throws IOException {
    partitions.partition(node("n-a"));
    assertThat(partitions.installedChains()).contains("BANYAN-NET-77-1", "BANYAN-NET-77-1-0o");

    partitions.close();
    assertEchoes(B, A);
    Iptables iptables = Iptables.find();
    assertThat(iptables.run("-S")).doesNotContain("BANYAN-NET-77-1");

    // a crashed run: rules left behind, hooked into OUTPUT
    iptables.restore(Partitions.rules("BANYAN-NET-77-1", List.of(Set.of(A)), Set.of(), 0));
    iptables.run("-I", "OUTPUT", "1", "-j", "BANYAN-NET-77-1");
    assertCutOff(B, A);

    partitions = new Partitions(NETWORK, () -> members, Set.of());
    assertEchoes(B, A);
    assertThat(partitions.installedChains()).isEmpty();
  }

  private static Partitions.Side node(String kubernetesNode) {
    return new Partitions.Side(kubernetesNode, Set.of(kubernetesNode), Set.of());
  }

  private void assertCutOff(String from, String to) {
    assertThatThrownBy(() -> connect(from, to, ports.get(to)).close())
        .as("connecting %s → %s", from == null ? "127.0.0.1" : from, to)
        .isInstanceOf(SocketTimeoutException.class);
  }

  private void assertEchoes(String from, String to) throws IOException {
    try (Socket s = connect(from, to, ports.get(to))) {
      roundTrip(s, 'e');
    }
  }

  private static void roundTrip(Socket s, char c) throws IOException {
    s.setSoTimeout((int) HEALS_WITHIN.toMillis());
    s.getOutputStream().write(c);
    assertThat(s.getInputStream().read()).isEqualTo(c);
  }

  /** Connects from {@code from} (null: the default source, 127.0.0.1) with a short timeout. */
  private static Socket connect(String from, String to, int port) throws IOException {
    Socket s = new Socket();
    try {
      if (from != null) {
        s.bind(new InetSocketAddress(from, 0));
      }
      s.connect(new InetSocketAddress(to, port), CUT_OFF_MILLIS);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** An echo server on {@code ip:port} (0: any free port); returns its port. */
  private int echo(String ip, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(ip, port));
    servers.add(server);
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  Thread.ofVirtual()
                      .start(
                          () -> {
                            try (s) {
                              s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException e) {
                              // the test closed it
                            }
                          });
                } catch (IOException e) {
                  return; // closed
                }
              }
            });
    return server.getLocalPort();
  }
}
