package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RedisServerProcess;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The zone-aware write quorum (banyan-zone, REPLCONF banyan-zone, banyan-min-replicas-scope,
 * banyan-min-replicas-max-lag-ms) with real nodes on real sockets: a master in zone a with one
 * replica in zone a and one in zone b.
 */
class ZoneQuorumTest {
  private static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";

  private ReplicationNodes nodes;
  private BanyanServer master;
  private Jedis m;

  @BeforeEach
  void setUp() throws Exception {
    nodes = new ReplicationNodes();
    master = nodes.start(c -> c.banyanZone = "a");
    m = nodes.jedis(master.port());
  }

  @AfterEach
  void tearDown() {
    nodes.close();
  }

  private Jedis replicaIn(String zone) throws Exception {
    BanyanServer s = nodes.start(c -> c.banyanZone = zone);
    Jedis r = nodes.jedis(s.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    return r;
  }

  private BanyanServer replicaServerIn(String zone) throws Exception {
    BanyanServer s = nodes.start(c -> c.banyanZone = zone);
    Jedis r = nodes.jedis(s.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    return s;
  }

  /** The INFO replication lines of the master's online replicas. */
  private List<String> replicaLines() {
    List<String> lines = new ArrayList<>();
    for (String line : m.info("replication").split("\r\n")) {
      if (line.matches("slave\\d+:.*state=online.*")) {
        lines.add(line);
      }
    }
    return lines;
  }

  private void awaitReplicaZones(String... zones) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              List<String> seen = new ArrayList<>();
              for (String line : replicaLines()) {
                int at = line.indexOf(",zone=");
                seen.add(at < 0 ? "" : line.substring(at + 6));
              }
              assertThat(seen).containsExactlyInAnyOrder(zones);
            });
  }

  @Test
  void otherZonesScopeRefusesWritesWhenOnlyTheMastersZoneIsLinked() throws Exception {
    Jedis sameZone = replicaIn("a");
    BanyanServer otherZone = replicaServerIn("b");
    awaitReplicaZones("a", "b");

    m.configSet("banyan-min-replicas-scope", "other-zones");
    m.configSet("banyan-min-replicas-max-lag-ms", "2000");
    m.configSet("min-replicas-to-write", "1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "1".equals(info(m, "replication", "min_slaves_good_slaves")));
    assertThat(m.set("k", "both-zones")).isEqualTo("OK");

    otherZone.close(); // zone b is cut off: only the master's own zone is left
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> "0".equals(info(m, "replication", "min_slaves_good_slaves")));
    assertThatThrownBy(() -> m.set("k", "zone-a-only")).hasMessage(NOREPLICAS);
    // ... although the replica of zone a is still linked and acknowledging.
    awaitReplicaZones("a");
    assertThat(info(sameZone, "replication", "master_link_status")).isEqualTo("up");
    assertThat(m.get("k")).isEqualTo("both-zones");

    // With the scope any, that same replica is enough again.
    m.configSet("banyan-min-replicas-scope", "any");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(m.set("k", "any-zone")).isEqualTo("OK"));
  }

  /**
   * A partition, not a closed connection: the zone-b replica stays connected but its ACKs stop. It
   * stops counting once its last ACK is older than banyan-min-replicas-max-lag-ms.
   */
  @Test
  void aSilentOtherZoneReplicaStopsCountingAfterTheMillisecondLagBound() throws Exception {
    replicaIn("a");
    try (Socket silent = new Socket("127.0.0.1", master.port())) {
      OutputStream out = silent.getOutputStream();
      send(out, "REPLCONF", "listening-port", "7777");
      send(out, "REPLCONF", "banyan-zone", "b");
      send(out, "PSYNC", "?", "-1");
      awaitReplicaZones("a", "b");
      m.configSet("banyan-min-replicas-scope", "other-zones");
      m.configSet("banyan-min-replicas-max-lag-ms", "1500");
      m.configSet("min-replicas-to-write", "1");
      long offset = ReplicationNodes.infoLong(m, "replication", "master_repl_offset");
      send(out, "REPLCONF", "ACK", Long.toString(offset));
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> "1".equals(info(m, "replication", "min_slaves_good_slaves")));
      // No more ACKs: the replica of zone b looks partitioned.
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> "0".equals(info(m, "replication", "min_slaves_good_slaves")));
      assertThatThrownBy(() -> m.set("k", "partitioned")).hasMessage(NOREPLICAS);
      // Still connected: what stops the writes is the lag bound, not a lost connection.
      awaitReplicaZones("a", "b");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                send(out, "REPLCONF", "ACK", Long.toString(offset));
                assertThat(m.set("k", "healed")).isEqualTo("OK");
              });
    }
  }

  private static void send(OutputStream out, String... argv) throws Exception {
    StringBuilder sb = new StringBuilder("*").append(argv.length).append("\r\n");
    for (String a : argv) {
      sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
      sb.append(a).append("\r\n");
    }
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Test
  void waitCountsOnlyReplicasOfOtherZones() throws Exception {
    Jedis sameZone = replicaIn("a");
    Jedis otherZone = replicaIn("b");
    awaitReplicaZones("a", "b");
    m.set("k", "v");
    awaitCaughtUp(m, sameZone);
    awaitCaughtUp(m, otherZone);
    // Both replicas acknowledge the write; with the scope any both count.
    assertThat(m.waitReplicas(2, 10_000)).isEqualTo(2);

    m.configSet("banyan-min-replicas-scope", "other-zones");
    m.set("k", "w");
    assertThat(m.waitReplicas(1, 10_000)).isEqualTo(1);
    // Two can never be reached: only zone b's replica counts, so WAIT answers at its timeout.
    assertThat(m.waitReplicas(2, 200)).isEqualTo(1);

    // A replica that moves to another zone is announced at once, without a new sync.
    sameZone.configSet("banyan-zone", "c");
    awaitReplicaZones("c", "b");
    m.set("k", "x");
    assertThat(m.waitReplicas(2, 10_000)).isEqualTo(2);

    // A master without a zone cannot tell which replicas are elsewhere: none counts.
    m.configSet("banyan-zone", "");
    m.set("k", "y");
    assertThat(m.waitReplicas(1, 200)).isZero();
  }

  @Test
  void zoneOptionIsValidated() {
    assertThatThrownBy(() -> m.configSet("banyan-zone", "a,b")).hasMessageContaining("banyan-zone");
    assertThatThrownBy(() -> m.configSet("banyan-min-replicas-scope", "same-zone"))
        .hasMessageContaining("banyan-min-replicas-scope");
    assertThat(m.configGet("banyan-zone")).containsEntry("banyan-zone", "a");
    assertThat(m.configGet("banyan-min-replicas-scope"))
        .containsEntry("banyan-min-replicas-scope", "any");
    assertThat(m.configGet("banyan-min-replicas-max-lag-ms"))
        .containsEntry("banyan-min-replicas-max-lag-ms", "0");
  }

  @Test
  void replicaOfRealRedisServerIgnoresItsErrorToTheZoneAndSyncs() throws Exception {
    try (RedisServerProcess redis =
        RedisServerProcess.start(Files.createTempDirectory("banyan-zone-redis-"))) {
      Jedis rm = redis.jedis();
      nodes.closeLater(rm);
      rm.set("from", "redis");
      BanyanServer s = nodes.start(c -> c.banyanZone = "b");
      Jedis r = nodes.jedis(s.port());
      r.replicaof("127.0.0.1", redis.port());
      awaitLinkUp(r);
      assertThat(r.get("from")).isEqualTo("redis");
      rm.set("later", "streamed");
      await().atMost(Duration.ofSeconds(10)).until(() -> "streamed".equals(r.get("later")));
      assertThat(rm.waitReplicas(1, 10_000)).isEqualTo(1);
    }
  }

  /**
   * Against a scripted master: the zone is announced after capa and before PSYNC; a master that
   * accepts it (a Banyan node) gets an ACK right after +CONTINUE and then about every 100 ms. (The
   * replica has no history, so it asks "PSYNC ? -1"; the script continues it anyway.)
   */
  @Test
  void replicaAnnouncesItsZoneAndAcksFastToABanyanMaster() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<String> commands = new CopyOnWriteArrayList<>();
      AtomicInteger acks = new AtomicInteger();
      Thread fake =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = listener.accept()) {
                      InputStream in = new BufferedInputStream(s.getInputStream());
                      OutputStream out = s.getOutputStream();
                      while (true) {
                        List<String> argv = readCommand(in);
                        if (argv == null) {
                          return;
                        }
                        String name = String.join(" ", argv).toLowerCase();
                        if (name.startsWith("replconf ack")) {
                          acks.incrementAndGet();
                          continue;
                        }
                        commands.add(String.join(" ", argv));
                        if (name.startsWith("ping")) {
                          out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                        } else if (name.startsWith("psync")) {
                          out.write(
                              ("+CONTINUE " + "f".repeat(40) + "\r\n")
                                  .getBytes(StandardCharsets.US_ASCII));
                        } else {
                          out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.flush();
                      }
                    } catch (Exception e) {
                      // the replica closed the link at the end of the test
                    }
                  });
      nodes.closeLater(fake::interrupt);
      BanyanServer s = nodes.start(c -> c.banyanZone = "b");
      Jedis r = nodes.jedis(s.port());
      r.replicaof("127.0.0.1", listener.getLocalPort());
      awaitLinkUp(r);
      await().atMost(Duration.ofSeconds(10)).until(() -> acks.get() >= 1);
      List<String> handshake = List.copyOf(commands);
      int capa = indexStartingWith(handshake, "REPLCONF capa");
      int zone = handshake.indexOf("REPLCONF banyan-zone b");
      int psync = indexStartingWith(handshake, "PSYNC");
      assertThat(capa).isGreaterThanOrEqualTo(0);
      assertThat(zone).isGreaterThan(capa);
      assertThat(psync).isGreaterThan(zone);
      // Once a second would take 20 s to send 20 ACKs.
      await().atMost(Duration.ofSeconds(10)).until(() -> acks.get() >= 20);
      r.replicaofNoOne();
    }
  }

  private static int indexStartingWith(List<String> list, String prefix) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  /** Reads one RESP multi-bulk command, or null at the end of the stream. */
  private static List<String> readCommand(InputStream in) throws Exception {
    String header = readLine(in);
    if (header == null) {
      return null;
    }
    int n = Integer.parseInt(header.substring(1));
    List<String> argv = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = Integer.parseInt(readLine(in).substring(1));
      byte[] b = in.readNBytes(len + 2);
      argv.add(new String(b, 0, len, StandardCharsets.UTF_8));
    }
    return argv;
  }

  private static String readLine(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    int ch;
    while ((ch = in.read()) != -1) {
      if (ch == '\n') {
        return sb.toString().stripTrailing();
      }
      sb.append((char) ch);
    }
    return null;
  }
}
