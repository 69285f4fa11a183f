package io.banyan.node.command.strings;

import io.banyan.node.client.Client;
import io.banyan.node.command.CommandFamily;
import io.banyan.node.command.CommandTable;
import io.banyan.node.command.Errors;

/** String commands (GET and SET for now). */
public final class StringCommands implements CommandFamily {
  @Override
  public void register(CommandTable t) {
    t.define("get", 2, "readonly fast", 1, 1, 1, "@read @string @fast")
        .doc("string", "1.0.0", "O(1)", "Returns the string value of a key.")
        .handler(StringCommands::get);
    t.define("set", -3, "write denyoom", 1, 1, 1, "@write @string @slow")
        .doc("string", "1.0.0", "O(1)", "Sets the string value of a key.")
        .handler(StringCommands::set);
  }

  static void get(Client c, byte[][] argv) {
    Object v = c.db().get(argv[1]);
    if (v == null) {
      c.engine().stats().keyspaceMisses++;
      c.reply().nullBulk();
    } else if (v instanceof byte[] b) {
      c.engine().stats().keyspaceHits++;
      c.reply().bulk(b);
    } else {
      throw Errors.WRONG_TYPE;
    }
  }

  static void set(Client c, byte[][] argv) {
    c.db().set(argv[1], argv[2]);
    c.reply().ok();
  }
}
