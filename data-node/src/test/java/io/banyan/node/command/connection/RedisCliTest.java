package io.banyan.node.command.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.banyan.node.testing.ServerTestBase;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real redis-cli binary against the node: its output must be what it prints for Redis. */
class RedisCliTest extends ServerTestBase {
  /** stdout and stderr of one run. */
  record Run(String out, String err, int exitCode) {}

  @BeforeAll
  void needsRedisCli() {
    assumeTrue(onPath("redis-cli"), "redis-cli is not installed");
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, program).canExecute()) {
        return true;
      }
    }
    return false;
  }

  private Run run(String stdin, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("TERM", "dumb");
    Process p = pb.start();
    CompletableFuture<byte[]> out = readAll(p.getInputStream());
    CompletableFuture<byte[]> err = readAll(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
    return new Run(
        new String(out.get(), StandardCharsets.UTF_8),
        new String(err.get(), StandardCharsets.UTF_8),
        p.exitValue());
  }

  private static CompletableFuture<byte[]> readAll(java.io.InputStream s) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return s.readAllBytes();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private Run cli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port())));
    cmd.addAll(List.of(args));
    return run("", cmd.toArray(new String[0]));
  }

  @Test
  void pingSetGet() throws Exception {
    assertThat(cli("ping")).isEqualTo(new Run("PONG\n", "", 0));
    assertThat(cli("set", "greeting", "hello world")).isEqualTo(new Run("OK\n", "", 0));
    assertThat(cli("get", "greeting")).isEqualTo(new Run("hello world\n", "", 0));
    assertThat(cli("--no-raw", "get", "greeting")).isEqualTo(new Run("\"hello world\"\n", "", 0));
    assertThat(cli("--no-raw", "get", "missing")).isEqualTo(new Run("(nil)\n", "", 0));
  }

  @Test
  void errorsPrintAsRedisCliPrintsThem() throws Exception {
    assertThat(cli("--no-raw", "select", "99"))
        .isEqualTo(new Run("(error) ERR DB index is out of range\n", "", 0));
  }

  @Test
  void resp3Hello() throws Exception {
    Run r = cli("-3", "--no-raw", "hello");
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("1# \"server\" => \"redis\"")
        .contains("2# \"version\" => \"7.0.15\"")
        .contains("3# \"proto\" => (integer) 3")
        .contains("7# \"modules\" => (empty array)");
  }

  @Test
  void infoServer() throws Exception {
    Run r = cli("info", "server");
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("# Server\r\n")
        .contains("redis_version:7.0.15\r\n")
        .contains("redis_mode:standalone\r\n")
        .contains("tcp_port:" + port() + "\r\n")
        .doesNotContain("# Clients");
  }

  @Test
  void interactiveSessionLoadsCommandHelpWithoutComplaint() throws Exception {
    assumeTrue(onPath("script"), "script (util-linux) is needed to give redis-cli a terminal");
    Run r = run("ping\nhelp get\nquit\n", "script", "-qec", "redis-cli -p " + port(), "/dev/null");
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("PONG")
        .contains("summary:")
        .contains(io.banyan.node.command.CommandFamilies.table().lookup("get").summary())
        .doesNotContainIgnoringCase("error")
        .doesNotContainIgnoringCase("warning");
  }
}
