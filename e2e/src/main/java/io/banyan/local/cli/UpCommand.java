package io.banyan.local.cli;

import io.banyan.local.LocalCluster;
import io.banyan.local.LocalNode;
import io.banyan.local.nodes.NodeInventory;
import io.banyan.local.proxy.ServiceForwarders;
import io.banyan.operator.api.StoreCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code banyan local up [FILE]}: starts a {@link LocalCluster}, prints its endpoints, then redraws
 * the live table every second until Ctrl-C or {@code banyan local down} (SIGTERM), when a shutdown
 * hook stops every process it started and removes the state file.
 */
final class UpCommand {
  private final Path repoRoot;
  private final Path home;
  private final PrintStream out;

  UpCommand(Path repoRoot, Path home, PrintStream out) {
    this.repoRoot = repoRoot;
    this.home = home;
    this.out = out;
  }

  int run(Path file, java.util.Optional<Path> nodesFile) throws IOException, InterruptedException {
    var existing = StateFile.read(home);
    if (existing.isPresent() && existing.get().upAlive()) {
      throw new IllegalStateException(
          "a local cluster already runs (pid "
              + existing.get().upPid()
              + ", StoreCluster "
              + existing.get().cluster()
              + "); run 'banyan local down' first");
    }
    if (!Files.isRegularFile(file)) {
      throw new UsageException("FILE '" + file + "' does not exist");
    }
    if (nodesFile.isPresent() && !Files.isRegularFile(nodesFile.get())) {
      throw new UsageException("NODES.yaml '" + nodesFile.get() + "' does not exist");
    }
    NodeInventory nodes;
    try {
      nodes = nodesFile.map(NodeInventory::load).orElseGet(NodeInventory::cloudDefault);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--nodes: " + e.getMessage());
    }
    StoreCluster cr = LocalCluster.load(file);
    Path dataDir = home.resolve(cr.getMetadata().getName());
    LocalCluster.Options options =
        new LocalCluster.Options(
            repoRoot,
            dataDir,
            env("BANYAN_LOCAL_NETWORK", "0.0"),
            Integer.parseInt(
                env("BANYAN_LOCAL_PORT", Integer.toString(ServiceForwarders.DEFAULT_BASE_PORT))),
            "default",
            true,
            nodes);
    LocalCluster cluster = LocalCluster.start(cr, options);
    ControlServer control = new ControlServer(cluster);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    control.close();
                  } catch (IOException ignored) {
                    // ending anyway
                  }
                  cluster.close();
                  StateFile.delete(home);
                  out.println("\nstopped: every data node of " + cluster.name() + " is down");
                },
                "banyan-local-shutdown"));
    String intro = intro(cluster, file, dataDir);
    out.print(intro);
    boolean terminal = System.console() != null;
    String last = "";
    while (true) {
      writeState(cluster, control);
      String table = StatusView.table(cluster);
      if (terminal) {
        out.print("\033[H\033[2J" + intro + "\n" + table);
        out.flush();
      } else if (!table.equals(last)) {
        out.print("\n" + table);
        out.flush();
      }
      last = table;
      Thread.sleep(1000); // the refresh period of the live table, not a synchronisation
    }
  }

  private String intro(LocalCluster cluster, Path file, Path dataDir) {
    StringBuilder s = new StringBuilder();
    s.append("Banyan local: StoreCluster ")
        .append(cluster.name())
        .append(" from ")
        .append(file)
        .append(" (API ")
        .append(cluster.api().url())
        .append(", data ")
        .append(dataDir)
        .append(")\n")
        .append("  nodes      ")
        .append(cluster.kubelet().inventory())
        .append("   ('banyan local nodes')\n");
    cluster
        .endpoints()
        .forEach((name, address) -> s.append(String.format("  %-10s %s%n", label(name), address)));
    // Never without a password: the one local mode put in spec.auth's Secret, or the one the
    // operator generated into <cluster>-auth.
    cluster
        .password(Duration.ofSeconds(30))
        .ifPresent(
            p ->
                s.append("  password   ")
                    .append(p)
                    .append(
                        cluster.generatedPassword().isPresent()
                            ? "   (generated; redis-cli -a ...)\n"
                            : "   (from the cluster's auth Secret; redis-cli -a ...)\n"));
    cluster.operatorProblem().ifPresent(p -> s.append("  warning: ").append(p).append('\n'));
    s.append("  Ctrl-C or 'banyan local down' stops it; 'banyan local status' in another shell.\n");
    return s.toString();
  }

  private static String label(String endpoint) {
    return switch (endpoint) {
      case "rw" -> "write";
      case "ro" -> "read";
      default -> "read " + endpoint.substring("ro-".length());
    };
  }

  private void writeState(LocalCluster cluster, ControlServer control) {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (LocalNode n : cluster.nodes()) {
      pids.put(n.name(), n.pid());
    }
    new StateFile(
            cluster.name(),
            cluster.namespace(),
            cluster.api().url(),
            ProcessHandle.current().pid(),
            control.port(),
            home.resolve(cluster.name()).toString(),
            cluster.endpoints(),
            pids)
        .write(home);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
