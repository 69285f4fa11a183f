package io.banyan.node.command.server.info;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.store.Bytes;
import java.util.ArrayList;
import java.util.List;

/** INFO [section ...]: the server's state as {@code field:value} lines grouped in sections. */
public final class InfoCommand {
  private InfoCommand() {}

  public static void register(CommandTable t) {
    t.define("info", -1, "loading stale", 0, 0, 0, "@slow @dangerous")
        .tips("nondeterministic_output request_policy:all_shards response_policy:special")
        .doc(
            "server",
            "1.0.0",
            "O(1)",
            "Reports information and statistics about the server, by section.")
        .handler(InfoCommand::info);
  }

  private static void info(Client c, byte[][] argv) {
    StandardSections.installIfAbsent(c.engine());
    List<String> sections = new ArrayList<>(argv.length - 1);
    for (int i = 1; i < argv.length; i++) {
      sections.add(Bytes.str(argv[i]));
    }
    c.reply().verbatim(c.engine().info().render(c, sections));
  }
}
