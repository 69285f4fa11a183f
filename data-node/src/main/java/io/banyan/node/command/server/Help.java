package io.banyan.node.command.server;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.store.Bytes;
import java.util.Locale;

/** The reply of the HELP subcommands: a header line, the given lines, and a HELP entry. */
public final class Help {
  private Help() {}

  /**
   * Writes the help array for a container command.
   *
   * @param lines alternating usage lines and indented explanations, in our own words
   */
  public static void reply(Client c, String command, String... lines) {
    c.reply().array(lines.length + 3);
    c.reply()
        .simple(
            command.toUpperCase(Locale.ROOT)
                + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    for (String line : lines) {
      c.reply().simple(line);
    }
    c.reply().simple("HELP");
    c.reply().simple("    Print this help.");
  }

  /**
   * Redis's error when a subcommand exists but got arguments it cannot take: {@code ERR unknown
   * subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP.}
   */
  public static CommandException subcommandSyntaxError(byte[][] argv) {
    String sub = Bytes.str(argv[1]);
    return new CommandException(
        "ERR unknown subcommand or wrong number of arguments for '"
            + (sub.length() > 128 ? sub.substring(0, 128) : sub)
            + "'. Try "
            + Bytes.str(argv[0]).toUpperCase(Locale.ROOT)
            + " HELP.");
  }
}
