package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.local.LocalCluster;
import io.banyan.local.LocalNode;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Issue 11, deliver 5: the auth Secret's value is changed while a SET + WAIT writer runs. Nodes
 * read the password when their container starts, so the running ones keep the old one; the operator
 * reads the new value and must keep reaching every node (old credentials as a fallback) — its
 * failure detector must not go blind. Proven by a kill -9 of the master after the rotation: the
 * master restarts wanting the new password, the others still want the old one, and the failover
 * must still happen, with never two nodes acknowledging, no acknowledged write lost and one
 * writable master; then the operator brings the new password to the nodes that still want the old
 * one, so the restarted node replicates again and the cluster is Running. The operator is restarted
 * right after the kill, so the fallback comes from its durable record, not its memory.
 */
class PasswordRotationE2E {
  static final Duration SETTLE = Duration.ofSeconds(300);

  @TempDir Path state;

  @Test
  void aMasterKilledAfterAPasswordRotationIsStillFailedOverLosingNothing() throws Exception {
    // The small reference example with its auth Secret (local mode generates the password).
    StoreCluster sc = ZonePartitionE2E.smallThreeDatacenters();
    sc.getSpec().auth =
        LocalCluster.load(E2eCluster.repoRoot().resolve("examples/three-datacenters.yaml"))
            .getSpec()
            .auth;
    try (E2eCluster cluster = E2eCluster.start(sc, "64.2", 17600, state)) {
      String old = cluster.local.generatedPassword().orElseThrow();
      AtomicReference<List<String>> passwords = new AtomicReference<>(List.of(old));
      cluster.await("Running with a password", SETTLE, () -> running(cluster.status()));
      StoreClusterStatus before = cluster.status();
      String master = before.currentMaster;

      AckedWriter w = new AckedWriter(cluster.rw(), 1, "rotation", passwords::get);
      SplitBrainDetector probe =
          new SplitBrainDetector(cluster::addresses, 1, "rotation-probe", passwords::get);
      cluster.await(
          "the master acknowledging writes",
          SETTLE,
          () -> w.acknowledgedCount() > 20 && probe.acknowledgingSince(0).contains(master));

      String rotated = old + "-rotated";
      String secret = sc.getSpec().auth.secretName;
      String key = sc.getSpec().auth.key == null ? "password" : sc.getSpec().auth.key;
      cluster
          .client()
          .secrets()
          .inNamespace(cluster.local.namespace())
          .withName(secret)
          .edit(
              s -> {
                s.setData(
                    Map.of(
                        key,
                        Base64.getEncoder()
                            .encodeToString(rotated.getBytes(StandardCharsets.UTF_8))));
                return s;
              });
      // Clients are given both, as an application rolled out with the new value would need.
      passwords.set(List.of(rotated, old));
      long rotatedAt = System.nanoTime();
      cluster.await(
          "writes acknowledged after the rotation", SETTLE, () -> w.acknowledgedSince(rotatedAt));

      cluster.local.kill(master);
      long killedAt = System.nanoTime();
      // The operator dies too and comes back with nothing in memory: it knows only the Secret's
      // new value, which the nodes started before the rotation refuse. It must find the old one
      // in its own Secret <cluster>-auth-applied, or it would see them all as unreachable.
      cluster.local.stopOperator();
      cluster.local.startOperator();
      cluster.await(
          "a master other than " + master + " after epoch " + before.epoch,
          SETTLE,
          () -> {
            StoreClusterStatus s = cluster.status();
            return s.failover == null
                && s.currentMaster != null
                && !s.currentMaster.equals(master)
                && s.epoch != null
                && s.epoch > before.epoch;
          });
      String promoted = cluster.status().currentMaster;
      cluster.awaitWritesOn(promoted, w, probe, killedAt, 20, SETTLE);
      probe.closeAndAssertNoSplitBrain();

      w.close();
      w.assertNothingLost(cluster.rw());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(writableMasters(cluster, passwords.get()))
                      .containsExactly(cluster.status().currentMaster));
      // The killed master restarted with the new password as requirepass and masterauth; the
      // operator told the running nodes the new one too, so it replicates again and the whole
      // cluster is Running — without restarting any other pod.
      cluster.await("Running again after the rotation", SETTLE, () -> running(cluster.status()));
      // Every node holds the new password now, and the operator's record says so.
      cluster.await(
          "the applied-password record following the rotation",
          SETTLE,
          () -> rotated.equals(appliedPassword(cluster, sc.getMetadata().getName())));
    }
  }

  /** The password in the operator's record {@code <cluster>-auth-applied}, or null. */
  private static String appliedPassword(E2eCluster cluster, String name) {
    var secret =
        cluster
            .client()
            .secrets()
            .inNamespace(cluster.local.namespace())
            .withName(name + "-auth-applied")
            .get();
    String value =
        secret == null || secret.getData() == null ? null : secret.getData().get("password");
    return value == null
        ? null
        : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }

  private static boolean running(StoreClusterStatus s) {
    return s != null && s.phase == StoreClusterStatus.Phase.Running;
  }

  /** {@link E2eCluster#writableMasters} with AUTH (either password). */
  private static List<String> writableMasters(E2eCluster cluster, List<String> passwords) {
    List<String> masters = new ArrayList<>();
    for (LocalNode n : cluster.local.nodes()) {
      if (n.pod().frozen() || n.pid() < 0) {
        continue;
      }
      try (Jedis j = new Jedis(HostAndPort.from(n.address()), E2eCluster.jedisConfig(1000))) {
        AckedWriter.authenticate(j, passwords);
        String info = j.info("replication");
        if (info.contains("role:master") && info.contains("banyan_fenced:0")) {
          masters.add(n.name());
        }
      } catch (RuntimeException e) {
        // not answering: cannot acknowledge anything either
      }
    }
    return masters;
  }
}
