package io.banyan.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The start-up path: exit codes and messages in-process, and a real node process. */
class MainTest {
  @TempDir Path tmp;

  private record Result(int code, String out, String err) {}

  private static Result runInProcess(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void badOptionExitsWithStatusOneAndOneMessage() {
    Result r = runInProcess("--maxmemry", "1gb");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "Fatal config error in command line: '--maxmemry 1gb': unknown option 'maxmemry' (did"
                + " you mean 'maxmemory'?)"
                + System.lineSeparator());
    assertThat(r.out()).isEmpty();
  }

  @Test
  void badValueInAFileNamesFileLineAndOption() throws IOException {
    Path conf = tmp.resolve("node.conf");
    Files.writeString(conf, "# node\nport abc\n");
    Result r = runInProcess(conf.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "Fatal config error in "
                + conf
                + " line 2: 'port abc': invalid value for 'port': 'abc' is not an integer between 0"
                + " and 65535");
  }

  @Test
  void versionAndHelpPrintAndExitZero() {
    Result v = runInProcess("--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("Banyan data node v=" + Main.VERSION + " ");
    Result h = runInProcess("-h");
    assertThat(h.code()).isZero();
    assertThat(h.out()).startsWith("Usage: banyan-node [/path/to/redis.conf] [options] [-]");
  }

  @Test
  void logFileThatCannotBeOpenedStopsStartUp() {
    Result r = runInProcess("--logfile", tmp.resolve("no/such/dir/node.log").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("Fatal config error: can't open the log file '");
  }

  // ---- a real process ------------------------------------------------------------------------

  private static Process startNode(List<String> args) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    return new ProcessBuilder(command).start();
  }

  private static List<String> collectLines(InputStream in) {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException ignored) {
                // process ended
              }
            });
    t.setDaemon(true);
    t.start();
    return lines;
  }

  @Test
  void processExitsWithStatusOneAndTheMessageOnStandardError() throws Exception {
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, "port 7000\nmaxmemory-policy sometimes\n");
    Process p = startNode(List.of(conf.toString()));
    List<String> err = collectLines(p.getErrorStream());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> !err.isEmpty());
    assertThat(err)
        .containsExactly(
            "Fatal config error in "
                + conf
                + " line 2: 'maxmemory-policy sometimes': invalid value for 'maxmemory-policy':"
                + " 'sometimes' is not one of: volatile-lru, volatile-lfu, volatile-random,"
                + " volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction");
  }

  @Test
  void processStartsWritesItsPidFileAndRemovesItOnTermination() throws Exception {
    Path conf = tmp.resolve("node.conf");
    Files.writeString(conf, "daemonize yes\nio-threads 4\nmaxmemory 1mb\n");
    Path pidFile = tmp.resolve("node.pid");
    Process p =
        startNode(
            List.of(
                conf.toString(),
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--pidfile",
                pidFile.toString(),
                "--dir",
                tmp.toString()));
    try {
      List<String> out = collectLines(p.getInputStream());
      Pattern banner = Pattern.compile("started: port=(\\d+) pid=(\\d+) config=(.*)$");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> out.stream().anyMatch(l -> banner.matcher(l).find()));
      Matcher m = out.stream().map(banner::matcher).filter(Matcher::find).findFirst().orElseThrow();
      int port = Integer.parseInt(m.group(1));
      assertThat(Long.parseLong(m.group(2))).isEqualTo(p.pid());
      assertThat(m.group(3)).isEqualTo(conf.toString());
      assertThat(out)
          .anyMatch(
              l ->
                  l.endsWith(
                      "# Option 'io-threads' is accepted for compatibility and has no effect"
                          + " here"));
      assertThat(out)
          .anyMatch(
              l ->
                  l.endsWith("# daemonize yes is ignored: the node always runs in the foreground"));
      assertThat(Files.readString(pidFile).strip()).isEqualTo(Long.toString(p.pid()));
      try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
        assertThat(j.configGet("io-threads")).containsEntry("io-threads", "4");
        assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", "1048576");
        assertThat(j.configGet("save")).containsEntry("save", "");
      }
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(pidFile).doesNotExist();
    } finally {
      p.destroyForcibly();
    }
  }
}
