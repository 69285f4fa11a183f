package io.banyan.node.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A data node in its own JVM ({@code io.banyan.node.Main} on this test's class path), on a free
 * loopback port, so tests can kill it with SIGKILL and restart it on the same directory. Its output
 * is read through a pipe (not a file: a test may limit the process's file sizes).
 */
public final class NodeProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private static final Pattern READY =
      Pattern.compile("Ready to accept connections on port (\\d+)");

  private final Process process;

  /** The client port; for a node started on port 0, 0 until its log names the port it bound. */
  private volatile int port;

  /** Where the node logs instead of its output, when the test gave {@code --logfile}. */
  private Path logFile;

  private final StringBuffer output = new StringBuffer();
  private final List<Jedis> clients = new ArrayList<>();

  private NodeProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  output.append(line).append('\n');
                  Matcher ready = READY.matcher(line);
                  if (this.port == 0 && ready.find()) {
                    this.port = Integer.parseInt(ready.group(1));
                  }
                }
              } catch (IOException ignored) {
                // the process is gone
              }
            },
            "node-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a node on dir with {@code --save ""} plus the given options, and waits for PING. The
   * node binds port 0 and its log says which port the kernel gave it: a port picked free beforehand
   * could be taken by a parallel test before the child process binds it.
   */
  public static NodeProcess start(Path dir, String... options) throws IOException {
    return startOnPort(0, dir, options);
  }

  /**
   * As {@link #start}, on the given port (0: any): a killed master can come back where its replicas
   * look for it.
   */
  public static NodeProcess startOnPort(int port, Path dir, String... options) throws IOException {
    return awaitAnswer(launch(port, dir, options));
  }

  private static NodeProcess awaitAnswer(NodeProcess node) throws IOException {
    try {
      await()
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> !node.process.isAlive() || (node.knowsPort() && node.ping()));
    } catch (RuntimeException e) {
      node.close();
      throw new IOException("the node did not answer PING:\n" + node.output(), e);
    }
    if (!node.process.isAlive()) {
      throw new IOException("the node exited at start-up:\n" + node.output());
    }
    return node;
  }

  /**
   * A node as production runs it: through the launcher {@code bin/banyan-node} (the module's own,
   * relative to the test's working directory), which sizes the JVM from {@code memoryLimitBytes}
   * ({@code BANYAN_MEMORY_LIMIT}; none when 0). With {@code --save ""} plus the options; waits
   * until it answers (PONG, or NOAUTH when the options set a password).
   */
  public static NodeProcess startLauncher(Path dir, long memoryLimitBytes, String... options)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of("bin", "banyan-node").toAbsolutePath().toString());
    cmd.addAll(nodeOptions(0, dir));
    cmd.addAll(List.of(options));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (memoryLimitBytes > 0) {
      pb.environment().put("BANYAN_MEMORY_LIMIT", Long.toString(memoryLimitBytes));
    }
    return awaitAnswer(new NodeProcess(pb.redirectErrorStream(true).start(), 0));
  }

  /** Starts a node that is expected to refuse to start; returns it once it has exited. */
  public static NodeProcess startExpectingExit(Path dir, String... options) throws Exception {
    NodeProcess node = launch(0, dir, options);
    if (!node.process.waitFor(60, TimeUnit.SECONDS)) {
      node.close();
      throw new AssertionError("the node kept running:\n" + node.output());
    }
    // let the reader drain what is left in the pipe
    await().atMost(Duration.ofSeconds(5)).until(() -> !node.readerBusy());
    return node;
  }

  /** Whether the port is known: given, or read from the node's output or log file. */
  private boolean knowsPort() throws IOException {
    if (port == 0 && logFile != null && Files.exists(logFile)) {
      Matcher ready = READY.matcher(Files.readString(logFile));
      if (ready.find()) {
        port = Integer.parseInt(ready.group(1));
      }
    }
    return port > 0;
  }

  private boolean readerBusy() {
    try {
      return process.getInputStream().available() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static NodeProcess launch(int port, Path dir, String... options) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "io.banyan.node.Main"));
    cmd.addAll(nodeOptions(port, dir));
    // Tests drive the node with DEBUG from loopback, as Redis's own test suite does.
    cmd.addAll(List.of("--enable-debug-command", "local"));
    cmd.addAll(List.of(options));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    NodeProcess node = new NodeProcess(p, port);
    for (int i = 0; i + 1 < options.length; i++) {
      if (options[i].equals("--logfile") && !options[i + 1].isEmpty()) {
        node.logFile = Path.of(options[i + 1]);
      }
    }
    return node;
  }

  private static List<String> nodeOptions(int port, Path dir) {
    return List.of(
        "--port",
        Integer.toString(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dir.toString(),
        "--save",
        "");
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The node answers: PONG, or NOAUTH from a node that wants a password. */
  /**
   * The node answers on its port — and it is this process that answers: a port given back by a
   * stopped node (a restart on the same port) can be taken meanwhile by another test's server bound
   * to an ephemeral port, and a PONG from that one would send this test's commands to it (CI saw a
   * parallel test's server turned into a replica that way). INFO's process_id must be this process
   * or one it started (the launcher's JVM).
   */
  private boolean ping() {
    try (Jedis j = new Jedis("127.0.0.1", port, 1000)) {
      if (!"PONG".equals(j.ping())) {
        return false;
      }
      long answering = -1;
      for (String line : j.info("server").split("\\r?\\n")) {
        if (line.startsWith("process_id:")) {
          answering = Long.parseLong(line.substring("process_id:".length()).trim());
        }
      }
      long pid = answering;
      return process.pid() == pid || process.descendants().anyMatch(d -> d.pid() == pid);
    } catch (JedisDataException e) {
      return e.getMessage().startsWith("NOAUTH");
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public int exitCode() {
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** A field of the process's {@code /proc/<pid>/status} in kB (VmRSS, VmHWM, ...). */
  public long statusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new AssertionError("no " + field + " for the node's process");
  }

  /** Everything the node printed so far. */
  public String output() {
    return output.toString();
  }

  /** A new client, closed with the node. */
  public Jedis jedis() {
    Jedis j = new Jedis("127.0.0.1", port, 20_000);
    clients.add(j);
    return j;
  }

  /** SIGKILL: no shutdown code runs, nothing is flushed. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the node survived SIGKILL");
    }
  }

  /**
   * SIGTERM, as Kubernetes stops a pod: the node shuts down cleanly; waits for it to exit. (What
   * the node prints in its shutdown hook may not reach {@link #output}: tests that check it log to
   * a file with {@code --logfile}.)
   */
  public void terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the node did not exit on SIGTERM:\n" + output());
    }
  }

  /**
   * SIGSTOP: the node stops dead (as a VM pause or a long GC would stop it) until {@link #thaw}.
   */
  public void freeze() throws Exception {
    signal("-STOP");
  }

  /** SIGCONT: a frozen node runs again, with its clock having jumped. */
  public void thaw() throws Exception {
    signal("-CONT");
  }

  private void signal(String which) throws Exception {
    Process p =
        new ProcessBuilder("kill", which, Long.toString(pid())).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("kill " + which + " failed: " + out);
    }
  }

  /** Sets the process's soft file-size limit (bytes, or -1 for unlimited) with prlimit. */
  public void limitFileSize(long bytes) throws Exception {
    String value = bytes < 0 ? "unlimited:" : bytes + ":";
    Process p =
        new ProcessBuilder("prlimit", "--pid", Long.toString(pid()), "--fsize=" + value)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("prlimit failed: " + out);
    }
  }

  @Override
  public void close() {
    for (Jedis j : clients) {
      try {
        j.close();
      } catch (RuntimeException ignored) {
        // already broken
      }
    }
    clients.clear();
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
