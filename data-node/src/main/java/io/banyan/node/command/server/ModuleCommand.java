package io.banyan.node.command.server;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.store.Bytes;

/**
 * MODULE, for the clients and tools that call it (MODULE LIST to discover RedisJSON, RediSearch,
 * ...): Banyan loads no native modules, so LIST is always empty and LOAD, LOADEX and UNLOAD fail as
 * Redis fails for a library it cannot load or a module it does not have. LOAD, LOADEX and UNLOAD
 * are Redis 7.0's protected subcommands: the dispatcher refuses them unless {@code
 * enable-module-command} allows the client, before they get here.
 */
final class ModuleCommand {
  private ModuleCommand() {}

  private static final CommandException CANNOT_LOAD =
      new CommandException("ERR Error loading the extension. Please check the server logs.");
  private static final CommandException NO_SUCH_MODULE =
      new CommandException("ERR Error unloading module: no such module with that name");

  static void register(CommandTable t) {
    String admin = "@admin @slow @dangerous";
    t.define("module", -2, "", 0, 0, 0, "@slow")
        .doc("server", "4.0.0", "Depends on subcommand.", "Lists, loads and unloads modules.");
    t.define("module|list", 2, "admin noscript", 0, 0, 0, admin)
        .tips("nondeterministic_output_order")
        .doc("server", "4.0.0", "O(N) where N is the number of loaded modules.", "Lists modules.")
        .handler((c, argv) -> c.reply().array(0));
    t.define("module|load", -3, "admin noscript no_async_loading", 0, 0, 0, admin)
        .doc("server", "4.0.0", "O(1)", "Loads a module library.")
        .handler((c, argv) -> refuseLoad(c, argv));
    t.define("module|loadex", -3, "admin noscript no_async_loading", 0, 0, 0, admin)
        .doc("server", "7.0.0", "O(1)", "Loads a module library with configurations.")
        .handler((c, argv) -> refuseLoad(c, argv));
    t.define("module|unload", 3, "admin noscript no_async_loading", 0, 0, 0, admin)
        .doc("server", "4.0.0", "O(1)", "Unloads a module.")
        .handler(
            (c, argv) -> {
              throw NO_SUCH_MODULE;
            });
    t.define("module|help", 2, "loading stale", 0, 0, 0, "@slow")
        .doc("server", "5.0.0", "O(1)", "Explains the MODULE subcommands.")
        .handler(
            (c, argv) ->
                Help.reply(
                    c,
                    "module",
                    "LIST",
                    "    Return the loaded modules (always none: Banyan has no module API).",
                    "LOAD <path> [<arg> ...]",
                    "    Load a module library from <path> (refused: not supported).",
                    "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
                    "    Load a module library with configurations (refused: not supported).",
                    "UNLOAD <name>",
                    "    Unload a module."));
  }

  /** Logs why, as Redis logs the loader's error, and answers with Redis's generic failure. */
  private static void refuseLoad(Client c, byte[][] argv) {
    c.engine()
        .log()
        .warning(
            "Module "
                + Bytes.str(argv[2])
                + " failed to load: this server has no module API (Banyan runs no native modules)");
    throw CANNOT_LOAD;
  }
}
