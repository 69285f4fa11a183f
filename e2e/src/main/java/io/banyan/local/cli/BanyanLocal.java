package io.banyan.local.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code banyan local ...}: runs a StoreCluster on this machine without Kubernetes ({@code up}) and
 * drives it from other shells ({@code status}, faults, {@code down}) through the state file and
 * {@code up}'s control socket. Exit codes: 0 done, 1 failed, 2 bad command line.
 */
public final class BanyanLocal {
  static final String DEFAULT_FILE = "examples/three-datacenters.yaml";

  private final Path repoRoot;
  private final Path home;
  private final PrintStream out;
  private final PrintStream err;

  BanyanLocal(Path repoRoot, Path home, PrintStream out, PrintStream err) {
    this.repoRoot = repoRoot;
    this.home = home;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    Path repoRoot =
        Path.of(System.getProperty("banyan.repo.root", ".")).toAbsolutePath().normalize();
    int code = new BanyanLocal(repoRoot, StateFile.home(), System.out, System.err).run(args);
    System.exit(code);
  }

  int run(String... args) {
    Command command;
    try {
      command = CliArgs.parse(args);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.print(CliArgs.USAGE);
      return 2;
    }
    try {
      return execute(command);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private int execute(Command command) throws IOException, InterruptedException {
    return switch (command) {
      case Command.Help h -> {
        out.print(CliArgs.USAGE);
        yield 0;
      }
      case Command.Up up ->
          new UpCommand(repoRoot, home, out)
              .run(up.file().orElse(repoRoot.resolve(DEFAULT_FILE)), up.nodes());
      case Command.Nodes n -> {
        out.print(control("nodes"));
        yield 0;
      }
      case Command.Evict e -> {
        out.print(control("evict " + e.pod()));
        yield 0;
      }
      case Command.Drain d -> {
        out.print(
            control(
                "drain " + d.node() + " " + d.timeout().toSeconds() + (d.force() ? " force" : ""),
                d.timeout().plusSeconds(30)));
        yield 0;
      }
      case Command.Cordon c -> {
        out.print(control((c.cordon() ? "cordon " : "uncordon ") + c.node()));
        yield 0;
      }
      case Command.Status s -> {
        out.print(control(s.json() ? "status-json" : "status-table"));
        yield 0;
      }
      case Command.NodeFault f -> {
        out.print(control(f.fault().name().toLowerCase() + " " + f.node()));
        yield 0;
      }
      case Command.ZoneFault z -> {
        out.print(control((z.stop() ? "stop-zone " : "start-zone ") + z.zone()));
        yield 0;
      }
      case Command.Partition p -> {
        out.print(control("partition " + p.target()));
        yield 0;
      }
      case Command.Heal h -> {
        out.print(control(h.target().map(t -> "heal " + t).orElse("heal")));
        yield 0;
      }
      case Command.Apply a -> {
        byte[] document;
        try {
          document = java.nio.file.Files.readAllBytes(a.file());
        } catch (IOException e) {
          String why =
              e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
          throw new IllegalArgumentException("cannot read " + a.file() + ": " + why, e);
        }
        out.print(control("apply " + java.util.Base64.getEncoder().encodeToString(document)));
        yield 0;
      }
      case Command.Down d -> down();
    };
  }

  private String control(String request) throws IOException {
    return control(request, java.time.Duration.ofSeconds(60));
  }

  private String control(String request, java.time.Duration timeout) throws IOException {
    StateFile state = running().orElseThrow(() -> new IllegalStateException(notRunning()));
    return ControlServer.request(state.controlPort(), request, timeout);
  }

  private Optional<StateFile> running() {
    return StateFile.read(home).filter(StateFile::upAlive);
  }

  private String notRunning() {
    return "no local cluster is running (no live 'banyan local up' in " + home + ")";
  }

  /** SIGTERM to {@code up} (its shutdown hook stops the nodes), then sweeps what it left. */
  private int down() throws InterruptedException {
    Optional<StateFile> state = StateFile.read(home);
    if (state.isEmpty()) {
      out.println("nothing to stop: " + notRunning());
      return 0;
    }
    StateFile s = state.get();
    ProcessHandle.of(s.upPid())
        .ifPresent(
            up -> {
              up.destroy();
              try {
                up.onExit()
                    .get(
                        java.util.concurrent.TimeUnit.SECONDS.toMillis(60),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
              } catch (Exception e) {
                up.destroyForcibly();
              }
            });
    // What 'up' could not stop (it was killed itself): data nodes it recorded, still alive.
    List<ProcessHandle> left =
        s.pids().values().stream()
            .map(ProcessHandle::of)
            .flatMap(Optional::stream)
            .filter(ProcessHandle::isAlive)
            .filter(BanyanLocal::isDataNode)
            .toList();
    left.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle node : left) {
      try {
        node.onExit().get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        err.println("warning: data node pid " + node.pid() + " did not exit");
      }
    }
    int swept = left.size();
    StateFile.delete(home);
    out.println(
        "stopped StoreCluster "
            + s.cluster()
            + (swept > 0 ? " (killed " + swept + " data nodes 'up' had left)" : ""));
    return 0;
  }

  private static boolean isDataNode(ProcessHandle p) {
    return p.info().commandLine().map(c -> c.contains("banyan-node")).orElse(false);
  }
}
