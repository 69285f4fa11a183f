package io.banyan.node.command.server;

import io.banyan.node.client.Client;
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
}
