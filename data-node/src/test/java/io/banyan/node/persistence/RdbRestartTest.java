package io.banyan.node.persistence;

import static io.banyan.node.persistence.RdbTestSupport.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.Main;
import io.banyan.node.config.EvictionPolicy;
import io.banyan.node.config.SaveRule;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.persistence.rdb.RdbAux;
import io.banyan.node.persistence.rdb.RdbOptions;
import io.banyan.node.persistence.rdb.RdbReader;
import io.banyan.node.persistence.rdb.RdbWriter;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.store.Bytes;
import io.banyan.node.testing.RespClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Restarts: a node saves at shutdown (or on SAVE) and a new node on the same directory starts with
 * the identical dataset — every type, expiries, LFU counters. Files that do not fit stop start-up
 * with a {@link PersistenceException} naming the file and the problem, and are left untouched even
 * when the failing node has save rules.
 */
class RdbRestartTest {
  @TempDir Path dir;

  private final List<BanyanServer> servers = new ArrayList<>();
  private final List<Jedis> clients = new ArrayList<>();

  @AfterEach
  void stopAll() {
    clients.forEach(Jedis::close);
    servers.forEach(BanyanServer::close);
  }

  private BanyanServer start(Consumer<ServerConfig> tweak) throws InterruptedException {
    ServerConfig config = new ServerConfig();
    config.port = 0;
    config.bind = List.of("127.0.0.1");
    config.enableDebugCommand = "local"; // the test drives the node with DEBUG from loopback
    config.saveRules = List.of();
    config.dir = dir.toString();
    tweak.accept(config);
    ServerLog log = new ServerLog();
    log.setLevel(ServerLog.Level.WARNING);
    BanyanServer s = new BanyanServer(config, log).start();
    servers.add(s);
    return s;
  }

  private Jedis client(BanyanServer s) {
    Jedis j = new Jedis("127.0.0.1", s.port(), 20_000);
    clients.add(j);
    return j;
  }

  @Test
  void aNodeSavedAtShutdownRestartsWithTheSameDataset() throws Exception {
    BanyanServer first = start(c -> c.saveRules = List.of(new SaveRule(3600, 1)));
    Jedis j = client(first);
    RdbTestSupport.populate(j, 0, 600, 1);
    RdbTestSupport.populate(j, 9, 200, 2);
    j.select(15);
    j.set("only in 15", "x");
    j.select(0);
    j.set(Bytes.EMPTY, "empty key name".getBytes(StandardCharsets.UTF_8));
    Map<String, String> before = RdbTestSupport.readServer(j, 16);
    String digest = RdbTestSupport.digest(j);
    first.close(); // as SIGTERM: save rules exist, so it saves

    BanyanServer second = start(c -> {});
    Jedis k = client(second);
    assertThat(RdbTestSupport.readServer(k, 16)).isEqualTo(before);
    assertThat(RdbTestSupport.digest(k)).isEqualTo(digest);
    assertThat(info(k, "rdb_last_load_keys_loaded")).isEqualTo(Integer.toString(before.size()));
    assertThat(info(k, "rdb_last_load_keys_expired")).isEqualTo("0");
    assertThat(info(k, "rdb_changes_since_last_save")).isEqualTo("0");
  }

  @Test
  void shutdownSaveAndNosaveDecideWhatTheNextNodeSees() throws Exception {
    BanyanServer first = start(c -> {});
    try (RespClient c = new RespClient("127.0.0.1", first.port())) {
      c.call("SET", "k", "saved");
      c.send("SHUTDOWN", "SAVE");
      assertThat(c.isClosedByServer()).isTrue();
    }
    first.stopped().get(30, TimeUnit.SECONDS);

    BanyanServer second = start(c -> c.saveRules = List.of(new SaveRule(3600, 1)));
    try (RespClient c = new RespClient("127.0.0.1", second.port())) {
      assertThat(RespClient.str(c.call("GET", "k"))).isEqualTo("saved");
      c.call("SET", "k", "not saved");
      c.send("SHUTDOWN", "NOSAVE");
      assertThat(c.isClosedByServer()).isTrue();
    }
    second.stopped().get(30, TimeUnit.SECONDS);

    BanyanServer third = start(c -> {});
    assertThat(client(third).get("k")).isEqualTo("saved");
  }

  @Test
  void lfuCountersAndChecksumlessFilesSurviveARestart() throws Exception {
    Consumer<ServerConfig> lfu =
        c -> {
          c.maxMemoryPolicy = EvictionPolicy.ALLKEYS_LFU;
          c.lfuDecayTime = 0;
          c.rdbChecksum = false;
        };
    BanyanServer first = start(lfu);
    Jedis j = client(first);
    j.set("hot", "1");
    for (int i = 0; i < 200; i++) {
      j.get("hot");
    }
    j.set("cold", "1");
    long hot = j.objectFreq("hot");
    assertThat(hot).isGreaterThan(j.objectFreq("cold"));
    assertThat(j.save()).isEqualTo("OK");
    RdbReader.Result r = RdbReader.read(dir.resolve("dump.rdb"), true, k -> {});
    assertThat(r.checksum()).isEqualTo(RdbReader.Checksum.NOT_STORED);
    first.close();

    Jedis k = client(start(lfu));
    assertThat(k.objectFreq("hot")).isEqualTo(hot);
  }

  @Test
  void keysAlreadyExpiredAreDroppedOnAMasterAndKeptOnAReplica() throws Exception {
    long past = System.currentTimeMillis() - 60_000;
    long future = System.currentTimeMillis() + 3_600_000;
    writeFile(
        w -> {
          w.selectDb(0, 3, 2);
          w.writeKey(Bytes.utf8("gone"), Bytes.utf8("1"), past, -1, -1);
          w.writeKey(Bytes.utf8("alive"), Bytes.utf8("2"), future, -1, -1);
          w.writeKey(Bytes.utf8("plain"), Bytes.utf8("3"), -1, -1, -1);
        });

    BanyanServer master = start(c -> {});
    Jedis m = client(master);
    assertThat(m.dbSize()).isEqualTo(2);
    assertThat(m.pexpireTime("alive")).isEqualTo(future);
    assertThat(info(m, "rdb_last_load_keys_loaded")).isEqualTo("2");
    assertThat(info(m, "rdb_last_load_keys_expired")).isEqualTo("1");
    master.close();

    BanyanServer replica =
        start(
            c -> {
              c.replicaOfHost = "127.0.0.1";
              c.replicaOfPort = 1;
            });
    Jedis r = client(replica);
    assertThat(info(r, "rdb_last_load_keys_loaded")).isEqualTo("3");
    assertThat(info(r, "rdb_last_load_keys_expired")).isEqualTo("0");
  }

  @Test
  void aDatabaseNumberBeyondDatabasesStopsStartUpAndLeavesTheFile() throws Exception {
    writeFile(
        w -> {
          w.selectDb(20, 1, 0);
          w.writeKey(Bytes.utf8("k"), Bytes.utf8("v"), -1, -1, -1);
        });
    byte[] original = Files.readAllBytes(dir.resolve("dump.rdb"));

    assertThatThrownBy(() -> start(c -> c.saveRules = List.of(new SaveRule(1, 1))))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining(dir.resolve("dump.rdb").toString())
        .hasMessageContaining("database 20")
        .hasMessageContaining("16 databases");
    assertThat(Files.readAllBytes(dir.resolve("dump.rdb"))).isEqualTo(original);
  }

  @Test
  void aDuplicatedKeyStopsStartUp() throws Exception {
    writeFile(
        w -> {
          w.selectDb(2, 2, 0);
          w.writeKey(Bytes.utf8("twice"), Bytes.utf8("1"), -1, -1, -1);
          w.writeKey(Bytes.utf8("twice"), Bytes.utf8("2"), -1, -1, -1);
        });
    assertThatThrownBy(() -> start(c -> {}))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining(dir.resolve("dump.rdb").toString())
        .hasMessageContaining("duplicated key 'twice' in database 2");
  }

  @Test
  void aCorruptFileStopsStartUpWithTheOffsetAndMainExitsWithStatus1() throws Exception {
    BanyanServer first = start(c -> {});
    Jedis j = client(first);
    RdbTestSupport.populate(j, 0, 200, 3);
    assertThat(j.save()).isEqualTo("OK");
    first.close();
    Path file = dir.resolve("dump.rdb");
    byte[] bytes = Files.readAllBytes(file);
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    Files.write(file, cut);

    assertThatThrownBy(() -> start(c -> c.saveRules = List.of(new SaveRule(1, 1))))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("offset");
    assertThat(Files.readAllBytes(file)).isEqualTo(cut);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int status;
    try {
      // the node logs to standard output
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      status =
          Main.run(
              new String[] {"--port", "0", "--bind", "127.0.0.1", "--dir", dir.toString()},
              new ByteArrayInputStream(new byte[0]),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
        .contains(file.toString())
        .contains("offset");
    assertThat(Files.readAllBytes(file)).isEqualTo(cut);
  }

  /** Writes dir/dump.rdb by hand, for files a node would never write. */
  private void writeFile(RdbBody body) throws Exception {
    try (OutputStream out = Files.newOutputStream(dir.resolve("dump.rdb"))) {
      RdbWriter w = new RdbWriter(out, RdbOptions.DEFAULTS);
      w.writeHeader(RdbAux.now(0));
      body.write(w);
      w.finish();
    }
  }

  private interface RdbBody {
    void write(RdbWriter w) throws Exception;
  }
}
