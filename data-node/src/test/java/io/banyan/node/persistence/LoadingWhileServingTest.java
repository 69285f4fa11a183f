package io.banyan.node.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.FreePorts;
import io.banyan.node.testing.HttpProbe;
import io.banyan.node.testing.RespClient;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client port is open while the dataset loads: the node answers what Redis answers while
 * loading (INFO with {@code loading:1} and its progress, AUTH, CONFIG GET, ...) and refuses the
 * rest with Redis's LOADING error, then serves the data once loaded.
 *
 * <p>The RDB file is a named pipe that the test writes itself: the load cannot finish before the
 * test has written the whole file, so the LOADING state is observed without any timing luck, and a
 * first part of the file is really loaded (progress counted) while the node answers.
 */
class LoadingWhileServingTest {
  private static final int KEYS = 50_000;

  @TempDir Path sourceDir;
  @TempDir Path dir;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened.reversed()) {
      c.close();
    }
  }

  @Test
  void answersLoadingThenServesTheData() throws Exception {
    byte[] rdb = savedDataset();
    Path fifo = fifo(dir.resolve("dump.rdb"));
    BanyanServer server = FreePorts.startOnFreePort(port -> server(dir, port).begin());
    RespClient c = client(server);

    // Bound before the load finished: Redis's error for commands without the loading flag...
    assertThat(c.call("GET", "key:1")).isEqualTo(new RespClient.Err(LOADING));
    assertThat(c.call("PING")).isEqualTo(new RespClient.Err(LOADING));
    assertThat(c.call("SET", "x", "1")).isEqualTo(new RespClient.Err(LOADING));
    // ... a transaction queueing one is aborted ...
    assertThat(c.call("MULTI")).isEqualTo("OK");
    assertThat(c.call("DBSIZE")).isEqualTo(new RespClient.Err(LOADING));
    assertThat(c.call("EXEC"))
        .isEqualTo(
            new RespClient.Err("EXECABORT Transaction discarded because of previous errors."));
    // ... and the commands Redis allows while loading.
    assertThat(c.call("ECHO", "hi")).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
    assertThat(c.call("CONFIG", "GET", "maxmemory")).isInstanceOf(List.class);
    // Banyan's own: fencing needs no data, admission does (it is decided from the node's data).
    assertThat(c.call("BANYAN", "FENCE", "3")).isEqualTo("OK");
    assertThat(c.call("BANYAN", "ADMIT", "3")).isEqualTo(new RespClient.Err(LOADING));
    String info = RespClient.str(c.call("INFO", "persistence"));
    assertThat(info).contains("loading:1\r\n", "loading_start_time:", "loading_eta_seconds:");
    // The probes: alive, not ready.
    assertThat(HttpProbe.get(server.httpPort(), "/livez").text()).isEqualTo("ok\n");
    HttpProbe.Answer ready = HttpProbe.get(server.httpPort(), "/readyz");
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.text()).isEqualTo("loading\n");
    assertThat(HttpProbe.get(server.httpPort(), "/metrics").text()).contains("banyan_loading 1");

    // Feed the first part of the file: it is loaded while the node keeps answering.
    int half = rdb.length / 2;
    CompletableFuture<Void> writer = new CompletableFuture<>();
    OutputStream out = Files.newOutputStream(fifo);
    opened.add(out);
    Thread.ofVirtual().start(() -> write(out, rdb, 0, half, writer));
    writer.get();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> loadedBytes(c) > 0 && loadedBytes(c) <= half);
    assertThat(RespClient.str(c.call("INFO", "persistence"))).contains("loading:1\r\n");
    assertThat(c.call("GET", "key:1")).isEqualTo(new RespClient.Err(LOADING));

    // The rest: the load completes and the data is served.
    out.write(rdb, half, rdb.length - half);
    out.close();
    server.awaitLoaded();
    assertThat(c.call("DBSIZE")).isEqualTo((long) KEYS);
    assertThat(c.call("GET", "key:1")).isEqualTo("value:1".getBytes(StandardCharsets.UTF_8));
    assertThat(c.call("PING")).isEqualTo("PONG");
    // Loaded; the fence given while loading is what keeps it unready now.
    assertThat(HttpProbe.get(server.httpPort(), "/readyz").text()).isEqualTo("fenced at epoch 3\n");
    info = RespClient.str(c.call("INFO", "persistence"));
    assertThat(info)
        .contains("loading:0\r\n", "rdb_last_load_keys_loaded:" + KEYS)
        .doesNotContain("loading_start_time");
  }

  @Test
  void closingWhileLoadingStopsTheLoadAndTheStart() throws Exception {
    fifo(dir.resolve("dump.rdb"));
    BanyanServer server = FreePorts.startOnFreePort(port -> server(dir, port).begin());
    RespClient c = client(server);
    assertThat(c.call("GET", "k")).isEqualTo(new RespClient.Err(LOADING));
    server.close();
    assertThatThrownBy(server::awaitLoaded)
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("shut down while loading");
    // The reader waits for a writer to open the pipe: let it see the end of the file and go.
    Files.newOutputStream(dir.resolve("dump.rdb")).close();
  }

  private static final String LOADING = "LOADING Redis is loading the dataset in memory";

  private static void write(
      OutputStream out, byte[] b, int from, int len, CompletableFuture<Void> done) {
    try {
      out.write(b, from, len);
      out.flush();
      done.complete(null);
    } catch (Exception e) {
      done.completeExceptionally(e);
    }
  }

  private static long loadedBytes(RespClient c) {
    Matcher m =
        Pattern.compile("loading_loaded_bytes:(\\d+)")
            .matcher(RespClient.str(c.call("INFO", "persistence")));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** An RDB file of KEYS strings, saved by a node of ours. */
  private byte[] savedDataset() throws Exception {
    BanyanServer source = FreePorts.startOnFreePort(port -> server(sourceDir, port).start());
    try (RespClient c = client(source)) {
      assertThat(c.call("DEBUG", "POPULATE", KEYS, "key")).isEqualTo("OK");
      assertThat(c.call("SAVE")).isEqualTo("OK");
    }
    source.close();
    return Files.readAllBytes(sourceDir.resolve("dump.rdb"));
  }

  private static Path fifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor()).as("mkfifo").isZero();
    return path;
  }

  /** A node on {@code dataDir} whose HTTP listener will be on {@code httpPort}. */
  private BanyanServer server(Path dataDir, int httpPort) {
    ServerConfig config = new ServerConfig();
    config.port = 0;
    config.bind = List.of("127.0.0.1");
    config.enableDebugCommand = "local"; // the test drives the node with DEBUG from loopback
    config.saveRules = List.of();
    config.dir = dataDir.toString();
    config.banyanHttpPort = httpPort;
    ServerLog log = new ServerLog();
    log.setLevel(ServerLog.Level.WARNING);
    BanyanServer s = new BanyanServer(config, log);
    opened.add(s);
    return s;
  }

  private RespClient client(BanyanServer server) {
    RespClient c = new RespClient("127.0.0.1", server.port());
    opened.add(c);
    return c;
  }
}
