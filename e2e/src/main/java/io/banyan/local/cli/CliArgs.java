package io.banyan.local.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Parses {@code banyan local <command> [args]}; a bad command line is a {@link UsageException}. */
final class CliArgs {
  static final String USAGE =
      """
      usage: banyan local <command> [args]
        up [FILE] [--nodes NODES.yaml]
                               run FILE's StoreCluster on this machine, in the foreground
                               (default: examples/three-datacenters.yaml) on the Kubernetes
                               Nodes of NODES.yaml (default: zones us-east-1a/b/c, 3 nodes
                               each); Ctrl-C stops it
        status [-o json]       the running cluster's nodes, roles, replication and endpoints
        apply FILE             kubectl apply an edited StoreCluster to the running cluster
                               (checked as the API server and the operator check it first)
        kill NODE              kill -9 a node's data node (it is restarted, as by the kubelet)
        freeze NODE            SIGSTOP a node's data node (it looks partitioned)
        thaw NODE              SIGCONT a frozen data node
        stop-zone ZONE         take a whole zone down (no restarts until start-zone)
        start-zone ZONE        bring a stopped zone back
        partition TARGET       cut TARGET off the network: packets between its pods and
                               everything else are dropped (a cloud zone like us-east-1a, a
                               cluster zone like jf-a, a K8SNODE or a NODE); processes run on
        heal [TARGET]          undo that partition (default: every partition)
        evict NODE             evict a node's pod (its PodDisruptionBudget may refuse: 429)
        nodes                  the Kubernetes Nodes: zone, Ready, cordoned, pods
        drain K8SNODE [--timeout DURATION] [--force]
                               kubectl drain: cordon K8SNODE, evict its pods one by one,
                               retrying refusals every 5 s (default timeout 5m)
        cordon K8SNODE         mark a Kubernetes Node unschedulable
        uncordon K8SNODE       make it schedulable again
        down                   stop the running cluster
      NODE is a node name from status (e.g. jf-a-0), K8SNODE a name from nodes (e.g.
      node-us-east-1a-1); DURATION is like 90s or 5m. Environment: BANYAN_LOCAL_HOME (state and data,
      default ~/.banyan/local), BANYAN_LOCAL_PORT (first endpoint port, default 7000),
      BANYAN_LOCAL_NETWORK (a.b of the nodes' 127.a.b.N addresses, default 0.0).
      """;

  private CliArgs() {}

  static Command parse(String... args) {
    List<String> a = List.of(args);
    if (a.isEmpty()) {
      throw new UsageException("missing command group: expected 'local'");
    }
    if (isHelp(a.get(0))) {
      return new Command.Help();
    }
    if (!a.get(0).equals("local")) {
      throw new UsageException("unknown command group '" + a.get(0) + "': expected 'local'");
    }
    if (a.size() < 2) {
      throw new UsageException("missing command after 'local'");
    }
    String command = a.get(1);
    List<String> rest = a.subList(2, a.size());
    return switch (command) {
      case "up" -> up(rest);
      case "nodes" -> {
        none(command, rest);
        yield new Command.Nodes();
      }
      case "evict" -> new Command.Evict(one(command, rest, "NODE"));
      case "drain" -> drain(rest);
      case "apply" -> new Command.Apply(Path.of(one(command, rest, "FILE")));
      case "cordon" -> new Command.Cordon(one(command, rest, "K8SNODE"), true);
      case "uncordon" -> new Command.Cordon(one(command, rest, "K8SNODE"), false);
      case "status" -> status(rest);
      case "kill" -> new Command.NodeFault(Command.Fault.KILL, one(command, rest, "NODE"));
      case "freeze" -> new Command.NodeFault(Command.Fault.FREEZE, one(command, rest, "NODE"));
      case "thaw" -> new Command.NodeFault(Command.Fault.THAW, one(command, rest, "NODE"));
      case "stop-zone" -> new Command.ZoneFault(true, one(command, rest, "ZONE"));
      case "start-zone" -> new Command.ZoneFault(false, one(command, rest, "ZONE"));
      case "partition" -> new Command.Partition(one(command, rest, "TARGET"));
      case "heal" -> new Command.Heal(optionalOne(command, rest, "TARGET"));
      case "down" -> {
        none(command, rest);
        yield new Command.Down();
      }
      case "help", "-h", "--help" -> new Command.Help();
      default -> throw new UsageException("unknown command '" + command + "'");
    };
  }

  private static Command up(List<String> rest) {
    Path file = null;
    Path nodes = null;
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (a.equals("--nodes")) {
        if (i + 1 >= rest.size()) {
          throw new UsageException("option '--nodes' needs a file: --nodes NODES.yaml");
        }
        nodes = Path.of(rest.get(++i));
      } else if (a.startsWith("-")) {
        throw new UsageException("unknown option '" + a + "' for 'up'");
      } else if (file == null) {
        file = Path.of(a);
      } else {
        throw new UsageException("unexpected argument '" + a + "' for 'up'");
      }
    }
    return new Command.Up(Optional.ofNullable(file), Optional.ofNullable(nodes));
  }

  private static Command drain(List<String> rest) {
    String node = null;
    Duration timeout = Duration.ofMinutes(5);
    boolean force = false;
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (a.equals("--timeout")) {
        if (i + 1 >= rest.size()) {
          throw new UsageException("option '--timeout' needs a duration, e.g. --timeout 90s");
        }
        timeout = duration(rest.get(++i));
      } else if (a.equals("--force")) {
        force = true;
      } else if (a.startsWith("-")) {
        throw new UsageException("unknown option '" + a + "' for 'drain'");
      } else if (node == null) {
        node = a;
      } else {
        throw new UsageException("unexpected argument '" + a + "' for 'drain'");
      }
    }
    if (node == null) {
      throw new UsageException("'drain' needs a K8SNODE");
    }
    return new Command.Drain(node, timeout, force);
  }

  /** {@code 90s}, {@code 5m}, {@code 1h}. */
  static Duration duration(String text) {
    var m = java.util.regex.Pattern.compile("(\\d+)(s|m|h)").matcher(text);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new UsageException(
          "invalid duration '" + text + "' for '--timeout': expected e.g. 90s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static Command status(List<String> rest) {
    if (rest.isEmpty()) {
      return new Command.Status(false);
    }
    if (rest.size() == 2 && rest.get(0).equals("-o")) {
      if (!rest.get(1).equals("json")) {
        throw new UsageException("unknown output format '" + rest.get(1) + "': expected 'json'");
      }
      return new Command.Status(true);
    }
    if (rest.size() == 1 && rest.get(0).equals("-o")) {
      throw new UsageException("option '-o' needs a format: -o json");
    }
    throw new UsageException("unexpected argument '" + rest.get(0) + "' for 'status'");
  }

  private static String one(String command, List<String> rest, String what) {
    if (rest.isEmpty()) {
      throw new UsageException("'" + command + "' needs a " + what);
    }
    return optionalOne(command, rest, what).orElseThrow();
  }

  private static Optional<String> optionalOne(String command, List<String> rest, String what) {
    if (rest.size() > 1) {
      throw new UsageException("unexpected argument '" + rest.get(1) + "' for '" + command + "'");
    }
    if (!rest.isEmpty() && rest.get(0).startsWith("-")) {
      throw new UsageException("unknown option '" + rest.get(0) + "' for '" + command + "'");
    }
    return rest.stream().findFirst();
  }

  private static void none(String command, List<String> rest) {
    if (!rest.isEmpty()) {
      throw new UsageException("unexpected argument '" + rest.get(0) + "' for '" + command + "'");
    }
  }

  private static boolean isHelp(String arg) {
    return arg.equals("help") || arg.equals("-h") || arg.equals("--help");
  }
}
