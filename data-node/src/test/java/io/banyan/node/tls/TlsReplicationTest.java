package io.banyan.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.FreePorts;
import io.banyan.node.testing.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Replication over TLS with Debian's redis-server 7.0 as the peer, both ways. Both sides require
 * client certificates (tls-auth-clients yes, the default): a replica presents its tls-cert-file.
 * With tls-replication yes a replica announces its TLS port, as Redis does.
 */
class TlsReplicationTest {
  @TempDir Path dir;
  TlsFixture tls;

  @BeforeEach
  void certificates() throws Exception {
    tls = new TlsFixture(dir);
  }

  @AfterEach
  void close() {
    tls.close();
  }

  private RedisServerProcess redisServer(String... more) throws Exception {
    Path redisDir = Files.createDirectories(dir.resolve("redis"));
    int[] tlsPort = new int[1];
    RedisServerProcess redis =
        FreePorts.startOnFreePort(
            port -> {
              tlsPort[0] = port;
              String[] options = {
                "--tls-port", Integer.toString(port),
                "--tls-cert-file", tls.serverFiles.cert().toString(),
                "--tls-key-file", tls.serverFiles.key().toString(),
                "--tls-ca-cert-file", tls.caFile.toString(),
                "--repl-diskless-sync-delay", "0"
              };
              String[] all = new String[options.length + more.length];
              System.arraycopy(options, 0, all, 0, options.length);
              System.arraycopy(more, 0, all, options.length, more.length);
              return RedisServerProcess.start(redisDir, all);
            });
    tls.closeLater(redis);
    redisTlsPort = tlsPort[0];
    return redis;
  }

  private int redisTlsPort;

  @Test
  void aRedisServerReplicatesFromABanyanMasterOverTls() throws Exception {
    BanyanServer master = tls.start(true, c -> c.replDisklessSyncDelaySeconds = 0);
    try (Jedis m = new Jedis("127.0.0.1", master.port(), 10_000)) {
      m.set("before", "sync");
      RedisServerProcess replica =
          redisServer(
              "--tls-replication",
              "yes",
              "--replicaof",
              "127.0.0.1",
              Integer.toString(master.tlsPort()));
      Jedis r = replica.jedis();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(r.get("before")).isEqualTo("sync"));
      m.set("after", "stream");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(r.get("after")).isEqualTo("stream"));
      assertThat(r.info("replication")).contains("master_link_status:up");
      // The replica announced its TLS port, and the master sees it connected over TLS.
      assertThat(m.info("replication")).contains("port=" + redisTlsPort + ",");
    }
  }

  @Test
  void aBanyanReplicaReplicatesFromARedisServerMasterOverTls() throws Exception {
    RedisServerProcess master = redisServer();
    Jedis m = master.jedis();
    m.set("before", "sync");
    BanyanServer replica =
        tls.start(
            true,
            c -> {
              c.tls.replication = true;
              c.replicaOfHost = "127.0.0.1";
              c.replicaOfPort = redisTlsPort;
            });
    try (Jedis r = new Jedis("127.0.0.1", replica.port(), 10_000)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(r.get("before")).isEqualTo("sync"));
      m.set("after", "stream");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(r.get("after")).isEqualTo("stream"));
      assertThat(r.info("replication")).contains("master_link_status:up");
      assertThat(m.info("replication")).contains("port=" + replica.tlsPort() + ",");
    }
  }

  @Test
  void withoutTlsReplicationTheLinkToATlsPortFailsAndSaysWhy() throws Exception {
    RedisServerProcess master = redisServer();
    BanyanServer replica =
        tls.start(
            true,
            c -> {
              c.replicaOfHost = "127.0.0.1";
              c.replicaOfPort = redisTlsPort;
            });
    try (Jedis r = new Jedis("127.0.0.1", replica.port(), 10_000)) {
      // The TLS port takes the replica's plaintext PING for a broken handshake and resets.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(tls.log())
                      .contains("Error on the link with MASTER 127.0.0.1:" + redisTlsPort));
      assertThat(r.info("replication")).contains("master_link_status:down");
      // Turned on at run time, the next connection attempt uses TLS.
      r.configSet("tls-replication", "yes");
      master.jedis().set("k", "v");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(r.get("k")).isEqualTo("v"));
    }
  }
}
