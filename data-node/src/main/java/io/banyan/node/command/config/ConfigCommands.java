package io.banyan.node.command.config;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.config.ConfigOption;
import io.banyan.node.config.ConfigRegistry;
import io.banyan.node.config.ConfigRewriter;
import io.banyan.node.store.Bytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CONFIG GET, SET, RESETSTAT, REWRITE and HELP, over the node's {@link ConfigRegistry} (reached
 * through {@code engine.config().registry()}).
 */
public final class ConfigCommands implements CommandFamily {
  private static final byte[] REDACTED = Bytes.utf8("(redacted)");
  private static final String SUB_FLAGS = "admin noscript loading stale";
  private static final String SUB_ACL = "@admin @slow @dangerous";
  private static final String COMPLEXITY_N =
      "O(N) when N is the number of configuration parameters provided";

  @Override
  public void register(CommandTable t) {
    t.define("config", -2, "", 0, 0, 0, "@slow")
        .doc("server", "2.0.0", "Depends on subcommand.", "Commands for the server configuration.");
    t.define("config|get", -3, SUB_FLAGS, 0, 0, 0, SUB_ACL)
        .doc("server", "2.0.0", COMPLEXITY_N, "Returns the values of configuration parameters.")
        .handler(ConfigCommands::get);
    t.define("config|set", -4, SUB_FLAGS, 0, 0, 0, SUB_ACL)
        .tips("request_policy:all_nodes response_policy:all_succeeded")
        .doc("server", "2.0.0", COMPLEXITY_N, "Changes configuration parameters at run time.")
        .handler(ConfigCommands::set);
    t.define("config|resetstat", 2, SUB_FLAGS, 0, 0, 0, SUB_ACL)
        .doc("server", "2.0.0", "O(1)", "Zeroes the statistics that INFO reports.")
        .handler(ConfigCommands::resetStat);
    t.define("config|rewrite", 2, SUB_FLAGS, 0, 0, 0, SUB_ACL)
        .doc(
            "server",
            "2.8.0",
            "O(1)",
            "Writes the running configuration back into the configuration file.")
        .handler(ConfigCommands::rewrite);
    t.define("config|help", 2, "loading stale", 0, 0, 0, "@slow")
        .doc("server", "5.0.0", "O(1)", "Lists the CONFIG subcommands.")
        .handler(ConfigCommands::help);
  }

  private static ConfigRegistry registry(Client c) {
    return c.engine().config().registry();
  }

  static void get(Client c, byte[][] argv) {
    List<String> patterns = new ArrayList<>(argv.length - 2);
    for (int i = 2; i < argv.length; i++) {
      patterns.add(Bytes.str(argv[i]));
    }
    List<Map.Entry<String, String>> matches = registry(c).getMatching(patterns);
    c.reply().map(matches.size());
    for (Map.Entry<String, String> e : matches) {
      c.reply().bulk(e.getKey());
      c.reply().bulk(e.getValue());
    }
  }

  static void set(Client c, byte[][] argv) {
    if (argv.length % 2 != 0) {
      throw Errors.SYNTAX;
    }
    ConfigRegistry registry = registry(c);
    List<String> pairs = new ArrayList<>(argv.length - 2);
    for (int i = 2; i < argv.length; i++) {
      pairs.add(Bytes.str(argv[i]));
    }
    // Secrets must not reach the slow log (which records argv after the command), as in Redis:
    // the value of a sensitive option is replaced, whether or not the command succeeds.
    for (int i = 2; i + 1 < argv.length; i += 2) {
      ConfigOption<?> option = registry.lookup(Bytes.str(argv[i]));
      if (option != null && option.has(ConfigOption.Flag.SENSITIVE)) {
        argv[i + 1] = REDACTED;
      }
    }
    String error = registry.set(pairs, isLocal(c));
    if (error != null) {
      throw new CommandException("ERR " + error);
    }
    c.reply().ok();
  }

  /** Local clients may change protected options when enable-protected-configs is "local". */
  private static boolean isLocal(Client c) {
    return c.isLocal();
  }

  static void resetStat(Client c, byte[][] argv) {
    // As in Redis, the slow log and the latency history are not statistics: they stay.
    c.engine().stats().reset();
    c.engine().commandStats().reset();
    c.engine().errorStats().reset();
    c.reply().ok();
  }

  static void rewrite(Client c, byte[][] argv) {
    String file = c.engine().config().configFile;
    if (file == null) {
      throw new CommandException("ERR The server is running without a config file");
    }
    // Synchronous like Redis: a configuration file is small, and the reply must follow the write.
    try {
      // The users go into the file as user lines, unless they live in the aclfile.
      String aclFile = c.engine().config().aclFile;
      List<String> users =
          aclFile == null || aclFile.isEmpty() ? c.engine().users().list() : List.of();
      ConfigRewriter.rewriteFile(Path.of(file), registry(c), users);
    } catch (IOException | RuntimeException e) {
      String reason = ConfigRewriteErrors.describe(e);
      c.engine().log().warning("CONFIG REWRITE failed: " + reason);
      throw new CommandException("ERR Rewriting config file: " + reason);
    }
    c.engine().log().warning("CONFIG REWRITE executed with success.");
    c.reply().ok();
  }

  static void help(Client c, byte[][] argv) {
    List<String> lines =
        List.of(
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern> [<pattern> ...]",
            "    Return the parameters whose names match the glob-style patterns, with their values.",
            "SET <directive> <value> [<directive> <value> ...]",
            "    Change parameters at run time: all of them, or none if one is refused.",
            "RESETSTAT",
            "    Zero the statistics that INFO reports.",
            "REWRITE",
            "    Write the running configuration back into the configuration file.",
            "HELP",
            "    Prints this help.");
    c.reply().array(lines.size());
    for (String line : lines) {
      c.reply().simple(line);
    }
  }
}
