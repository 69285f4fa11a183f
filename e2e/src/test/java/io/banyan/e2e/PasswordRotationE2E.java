package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
 * Issues 11 (deliver 5) and 14 (deliver 4): the auth Secret's value is changed while a SET + WAIT
 * writer runs. The operator adds the new password alongside the old on every node (ACL SETUSER, and
 * the aclfile Secret a restarting node loads), gives the applications spec.auth's grace period to
 * switch, then removes the old one. It talks to the nodes as its own user, so the rotation never
 * blinds its failure detector. Proven by a kill -9 of the master mid-rotation and an operator
 * restart right after it: the failover still happens, with never two nodes acknowledging, no
 * acknowledged write lost and one writable master, and the rotation ends with every node on the new
 * password only (status.auth Steady, the new hash's prefix).
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
    sc.getSpec().auth.switchGraceSeconds = 20; // the applications below switch at once
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
      long failuresBefore = w.failures();
      cluster.await(
          "writes acknowledged after the rotation", SETTLE, () -> w.acknowledgedSince(rotatedAt));

      String newPrefix = sha256(rotated).substring(0, 8);
      cluster.await(
          "every node accepting both passwords (Switching)",
          SETTLE,
          () -> {
            StoreClusterStatus.AuthStatus a = cluster.status().auth;
            return a != null
                && "Switching".equals(a.phase)
                && newPrefix.equals(a.passwordHashPrefix);
          });
      // From the Secret change to here the rotation added the new password everywhere: the writer
      // (its connections, its WAITs, the connections it opens anew) saw no error at all.
      assertThat(w.failures() - failuresBefore).as("writer errors during the rotation").isZero();
      System.out.printf(
          "rotation window: %d acknowledged writes, %d errors%n",
          w.acknowledgedCount(), w.failures() - failuresBefore);
      cluster.local.kill(master);
      long killedAt = System.nanoTime();
      // The operator dies too and comes back with nothing in memory: it reaches the nodes as its
      // own user, whose password no user Secret holds, and continues the rotation from what the
      // nodes and the aclfile Secret hold and the switch's start in status.
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
      // The killed master restarted from the aclfile Secret (both passwords, then the new one
      // only), replicates again, and the whole cluster is Running — without restarting any pod.
      cluster.await("Running again after the rotation", SETTLE, () -> running(cluster.status()));
      String prefix = sha256(rotated).substring(0, 8);
      cluster.await(
          "the rotation finished: every node on the new password only",
          SETTLE,
          () -> {
            StoreClusterStatus.AuthStatus a = cluster.status().auth;
            return a != null && "Steady".equals(a.phase) && prefix.equals(a.passwordHashPrefix);
          });
      for (LocalNode n : cluster.local.nodes()) {
        try (Jedis j = new Jedis(HostAndPort.from(n.address()), E2eCluster.jedisConfig(2000))) {
          assertThat(j.auth(rotated)).isEqualTo("OK");
          assertThatThrownBy(() -> j.auth(old)).hasMessageContaining("WRONGPASS");
        }
      }
      // Nothing in status or the aclfile Secret holds a password.
      assertThat(
              io.fabric8.kubernetes.client.utils.Serialization.asJson(cluster.status())
                  + new String(
                      Base64.getDecoder()
                          .decode(
                              cluster
                                  .client()
                                  .secrets()
                                  .inNamespace(cluster.local.namespace())
                                  .withName(sc.getMetadata().getName() + "-acl")
                                  .get()
                                  .getData()
                                  .get("users.acl")),
                      StandardCharsets.UTF_8))
          .doesNotContain(rotated, old);
    }
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
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
