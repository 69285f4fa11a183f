package io.banyan.local.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Parses {@code banyan local <command> [args]}; a bad command line is a {@link UsageException}. */
final class CliArgs {
  static final String USAGE =
      """
      usage: banyan local <command> [args]
        up [FILE]              run FILE's StoreCluster on this machine, in the foreground
                               (default: examples/three-datacenters.yaml); Ctrl-C stops it
        status [-o json]       the running cluster's nodes, roles, replication and endpoints
        kill NODE              kill -9 a node's data node (it is restarted, as by the kubelet)
        freeze NODE            SIGSTOP a node's data node (it looks partitioned)
        thaw NODE              SIGCONT a frozen data node
        stop-zone ZONE         take a whole zone down (no restarts until start-zone)
        start-zone ZONE        bring a stopped zone back
        down                   stop the running cluster
      NODE is a node name from status (e.g. jf-a-0). Environment: BANYAN_LOCAL_HOME (state and data,
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
      case "up" -> new Command.Up(optionalOne(command, rest, "FILE").map(Path::of));
      case "status" -> status(rest);
      case "kill" -> new Command.NodeFault(Command.Fault.KILL, one(command, rest, "NODE"));
      case "freeze" -> new Command.NodeFault(Command.Fault.FREEZE, one(command, rest, "NODE"));
      case "thaw" -> new Command.NodeFault(Command.Fault.THAW, one(command, rest, "NODE"));
      case "stop-zone" -> new Command.ZoneFault(true, one(command, rest, "ZONE"));
      case "start-zone" -> new Command.ZoneFault(false, one(command, rest, "ZONE"));
      case "down" -> {
        none(command, rest);
        yield new Command.Down();
      }
      case "help", "-h", "--help" -> new Command.Help();
      default -> throw new UsageException("unknown command '" + command + "'");
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
