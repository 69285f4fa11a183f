package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.digest;
import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.banyan.node.server.BanyanServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * REPLCONF rdb-only 1, as Redis 7.0 serves it: one full-sync snapshot, then the connection is
 * closed; the client is never a replica (INFO, min-replicas-to-write, WAIT, backlog). Driven by the
 * real redis-cli --rdb (which sends rdb-only) and by a raw socket for the PSYNC form.
 */
class RdbOnlyTest extends MasterTestBase {

  private void writeKeys() {
    for (int i = 0; i < 500; i++) {
      m.set("k" + i, "v" + i);
      m.hset("h", "f" + i, Integer.toString(i));
    }
    m.rpush("list", "a", "b", "c");
    m.zadd("z", 1.5, "one");
  }

  @Test
  void redisCliRdbWritesAFileRedisAcceptsWithTheSameData() throws Exception {
    assumeTrue(onPath("redis-cli") && onPath("redis-check-rdb"), "redis tools are not installed");
    writeKeys();
    String digest = digest(m);
    Path dir = Files.createTempDirectory("banyan-rdb-only-");
    Path file = dir.resolve("dump.rdb");

    Process cli =
        new ProcessBuilder(
                "redis-cli", "-p", Integer.toString(master.port()), "--rdb", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(cli.exitValue()).as(out).isZero();
    assertThat(out).contains("Transfer finished with success");

    Process check = new ProcessBuilder("redis-check-rdb", file.toString()).start();
    String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(checked).as(checked).contains("RDB looks OK!");

    BanyanServer loaded = nodes.start(c -> c.dir = dir.toString());
    Jedis l = nodes.jedis(loaded.port());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "0".equals(info(l, "persistence", "loading")));
    assertThat(digest(l)).isEqualTo(digest);
    // No replica was left behind, and no backlog was created for it.
    assertThat(info(m, "replication", "connected_slaves")).isEqualTo("0");
    assertThat(info(m, "replication", "repl_backlog_active")).isEqualTo("0");
  }

  @Test
  void aWaitingRdbOnlyClientIsNotAReplicaAndIsClosedAfterItsSnapshot() throws Exception {
    m.configSet("repl-diskless-sync-delay", "3"); // holds the sync: time to look at the master
    m.configSet("min-replicas-to-write", "1");
    m.configSet("min-replicas-max-lag", "10");
    try (Socket s = new Socket("127.0.0.1", master.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      InputStream in = new BufferedInputStream(s.getInputStream());
      out.write(command("REPLCONF", "rdb-only", "1"));
      out.write(command("REPLCONF", "capa", "eof", "capa", "psync2"));
      out.write(command("PSYNC", "?", "-1"));
      assertThat(line(in)).isEqualTo("+OK");
      assertThat(line(in)).isEqualTo("+OK");
      // The PSYNC was taken (the connection is flagged S) and waits for the delayed snapshot:
      // while it waits, it counts for nothing.
      await().atMost(Duration.ofSeconds(10)).until(() -> m.clientList().contains("flags=S"));
      assertThat(info(m, "replication", "connected_slaves")).isEqualTo("0");
      assertThat(info(m, "replication", "slave0")).isNull();
      assertThatThrownBy(() -> m.set("x", "1")).hasMessageContaining("NOREPLICAS");
      assertThat(m.waitReplicas(1, 10)).isZero();

      assertThat(lineSkippingNewlines(in)).startsWith("+FULLRESYNC ");
      String header = lineSkippingNewlines(in);
      assertThat(header).startsWith("$EOF:").hasSize(45);
      byte[] mark = header.substring(5).getBytes(StandardCharsets.US_ASCII);
      byte[] rest = in.readAllBytes(); // ends when the master closes the connection
      assertThat(rest.length).isGreaterThan(mark.length);
      assertThat(new String(rest, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("REDIS");
      assertThat(Arrays.copyOfRange(rest, rest.length - mark.length, rest.length)).isEqualTo(mark);
    }
    assertThat(info(m, "replication", "connected_slaves")).isEqualTo("0");
  }

  @Test
  void rdbOnlyTakesOnlyZeroOrOne() {
    assertThatThrownBy(() -> m.sendCommand(() -> "REPLCONF".getBytes(), "rdb-only", "2"))
        .hasMessageContaining("value is out of range");
    assertThatThrownBy(() -> m.sendCommand(() -> "REPLCONF".getBytes(), "rdb-only", "yes"))
        .hasMessageContaining("value is not an integer or out of range");
  }

  private static byte[] command(String... args) {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String line(InputStream in) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new java.io.EOFException("closed after " + b);
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  /** A master sends bare newlines while a snapshot is prepared; the bulk header follows. */
  private static String lineSkippingNewlines(InputStream in) throws Exception {
    String l;
    do {
      l = line(in);
    } while (l.isEmpty());
    return l;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, program).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
