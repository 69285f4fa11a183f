package io.banyan.node.command.server;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.command.model.KeyExtractor;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Glob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** COMMAND and its subcommands: introspection of the command table, as clients use at start-up. */
final class CommandCommand {
  private CommandCommand() {}

  static void register(CommandTable t) {
    t.define("command", -1, "loading stale", 0, 0, 0, "@slow @connection")
        .tips("nondeterministic_output_order")
        .doc(
            "server",
            "2.8.13",
            "O(N) where N is the total number of Redis commands",
            "Describes every command the server knows.")
        .handler(CommandCommand::all);
    String acl = "@slow @connection";
    t.define("command|count", 2, "loading stale", 0, 0, 0, acl)
        .doc("server", "2.8.13", "O(1)", "Counts the commands the server knows.")
        .handler((c, argv) -> c.reply().integer(c.engine().commands().size()));
    t.define("command|list", -2, "loading stale", 0, 0, 0, acl)
        .tips("nondeterministic_output_order")
        .doc(
            "server",
            "7.0.0",
            "O(N) where N is the total number of Redis commands",
            "Lists command names, optionally filtered by ACL category or pattern.")
        .handler(CommandCommand::list);
    t.define("command|info", -2, "loading stale", 0, 0, 0, acl)
        .tips("nondeterministic_output_order")
        .doc(
            "server",
            "2.8.13",
            "O(N) where N is the number of commands to look up",
            "Describes the given commands, or all of them.")
        .handler(CommandCommand::info);
    t.define("command|docs", -2, "loading stale", 0, 0, 0, acl)
        .tips("nondeterministic_output_order")
        .doc(
            "server",
            "7.0.0",
            "O(N) where N is the number of commands to look up",
            "Documents the given commands, or all of them.")
        .handler(CommandCommand::docs);
    t.define("command|getkeys", -4, "loading stale", 0, 0, 0, acl)
        .doc(
            "server",
            "2.8.13",
            "O(N) where N is the number of arguments to the command",
            "Extracts the key names from a full command line.")
        .handler((c, argv) -> getKeys(c, argv, false));
    t.define("command|getkeysandflags", -4, "loading stale", 0, 0, 0, acl)
        .doc(
            "server",
            "7.0.0",
            "O(N) where N is the number of arguments to the command",
            "Extracts the key names and their access flags from a full command line.")
        .handler((c, argv) -> getKeys(c, argv, true));
    t.define("command|help", 2, "loading stale", 0, 0, 0, acl)
        .doc("server", "5.0.0", "O(1)", "Explains the COMMAND subcommands.")
        .handler(CommandCommand::help);
  }

  private static void all(Client c, byte[][] argv) {
    var commands = c.engine().commands().all();
    c.reply().array(commands.size());
    for (CommandSpec spec : commands) {
      CommandReplies.info(c.reply(), spec);
    }
  }

  /** A command or {@code container|sub} by name, case-insensitively; null when unknown. */
  static CommandSpec byFullName(Client c, String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    int bar = lower.indexOf('|');
    if (bar < 0) {
      return c.engine().commands().lookup(lower);
    }
    CommandSpec parent = c.engine().commands().lookup(lower.substring(0, bar));
    return parent == null ? null : parent.subcommands().get(lower.substring(bar + 1));
  }

  private static void info(Client c, byte[][] argv) {
    if (argv.length == 2) {
      all(c, argv);
      return;
    }
    c.reply().array(argv.length - 2);
    for (int i = 2; i < argv.length; i++) {
      CommandSpec spec = byFullName(c, Bytes.str(argv[i]));
      if (spec == null) {
        c.reply().nullBulk();
      } else {
        CommandReplies.info(c.reply(), spec);
      }
    }
  }

  private static void docs(Client c, byte[][] argv) {
    List<CommandSpec> found = new ArrayList<>();
    if (argv.length == 2) {
      found.addAll(c.engine().commands().all());
    } else {
      for (int i = 2; i < argv.length; i++) {
        CommandSpec spec = byFullName(c, Bytes.str(argv[i]));
        if (spec != null) {
          found.add(spec);
        }
      }
    }
    c.reply().map(found.size());
    for (CommandSpec spec : found) {
      c.reply().bulk(spec.name());
      CommandReplies.docs(c.reply(), spec);
    }
  }

  private static void list(Client c, byte[][] argv) {
    Predicate<CommandSpec> filter = spec -> true;
    for (int i = 2; i < argv.length; i++) {
      int more = argv.length - 1 - i;
      if (!Args.is(argv[i], "filterby") || more != 2) {
        throw Errors.SYNTAX;
      }
      byte[] arg = argv[i + 2];
      if (Args.is(argv[i + 1], "module")) {
        filter = spec -> false; // no modules here
      } else if (Args.is(argv[i + 1], "aclcat")) {
        String cat = Bytes.str(arg).toLowerCase(java.util.Locale.ROOT);
        filter = spec -> spec.aclCategories().contains(cat);
      } else if (Args.is(argv[i + 1], "pattern")) {
        filter = spec -> Glob.matchesIgnoreCase(arg, Bytes.utf8(spec.name()));
      } else {
        throw Errors.SYNTAX;
      }
      i += 2;
    }
    List<String> names = new ArrayList<>();
    for (CommandSpec spec : c.engine().commands().all()) {
      if (filter.test(spec)) {
        names.add(spec.name());
      }
      for (CommandSpec sub : spec.subcommands().values()) {
        if (filter.test(sub)) {
          names.add(sub.name());
        }
      }
    }
    c.reply().array(names.size());
    for (String n : names) {
      c.reply().bulk(n);
    }
  }

  private static void getKeys(Client c, byte[][] argv, boolean withFlags) {
    byte[][] line = Arrays.copyOfRange(argv, 2, argv.length);
    CommandSpec spec = c.engine().commands().lookup(Bytes.lower(line[0]));
    if (spec != null && spec.isContainer() && line.length > 1) {
      spec = spec.subcommands().get(Bytes.lower(line[1]));
    }
    if (spec == null) {
      throw new CommandException("ERR Invalid command specified");
    }
    if (!KeyExtractor.hasKeys(spec)) {
      throw new CommandException("ERR The command has no key arguments");
    }
    if (!spec.arityAccepts(line.length)) {
      throw new CommandException("ERR Invalid number of arguments specified for command");
    }
    List<KeyExtractor.KeyRef> keys = KeyExtractor.extract(spec, line);
    if (keys == null || keys.isEmpty()) {
      if (spec.has(CommandFlag.NO_MANDATORY_KEYS)) {
        c.reply().array(0);
        return;
      }
      throw new CommandException("ERR Invalid arguments specified for command");
    }
    c.reply().array(keys.size());
    for (KeyExtractor.KeyRef k : keys) {
      if (withFlags) {
        c.reply().array(2);
        c.reply().bulk(line[k.position()]);
        c.reply().set(k.flags().size());
        for (String f : k.flags()) {
          c.reply().simple(f);
        }
      } else {
        c.reply().bulk(line[k.position()]);
      }
    }
  }

  private static void help(Client c, byte[][] argv) {
    Help.reply(
        c,
        "command",
        "(no subcommand)",
        "    Describe every command.",
        "COUNT",
        "    Count the commands.",
        "LIST [FILTERBY (MODULE <name>|ACLCAT <category>|PATTERN <pattern>)]",
        "    List command names, optionally only those matching a filter.",
        "INFO [<command-name> ...]",
        "    Describe the given commands (all of them when none is given).",
        "DOCS [<command-name> ...]",
        "    Document the given commands (all of them when none is given).",
        "GETKEYS <full-command>",
        "    Extract the key names from a full command line.",
        "GETKEYSANDFLAGS <full-command>",
        "    Extract the key names and their access flags from a full command line.");
  }
}
