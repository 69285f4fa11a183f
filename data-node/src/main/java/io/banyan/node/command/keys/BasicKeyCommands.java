package io.banyan.node.command.keys;

import io.banyan.node.client.Client;
import io.banyan.node.command.Lookup;
import io.banyan.node.store.Entry;

/** DEL, UNLINK, EXISTS, TYPE and TOUCH. */
final class BasicKeyCommands {
  private BasicKeyCommands() {}

  /** DEL and UNLINK: values are freed by the garbage collector either way. */
  static void del(Client c, byte[][] argv) {
    int deleted = 0;
    for (int i = 1; i < argv.length; i++) {
      if (c.db().delete(argv[i])) {
        deleted++;
      }
    }
    c.reply().integer(deleted);
  }

  static void exists(Client c, byte[][] argv) {
    int found = 0;
    for (int i = 1; i < argv.length; i++) {
      if (Lookup.readWithoutTouch(c, argv[i]) != null) {
        found++;
      }
    }
    c.reply().integer(found);
  }

  static void type(Client c, byte[][] argv) {
    Entry e = Lookup.readWithoutTouch(c, argv[1]);
    c.reply().simple(e == null ? "none" : e.type().wireName());
  }

  /** Records an access even for a CLIENT NO-TOUCH client: touching is the command's purpose. */
  static void touch(Client c, byte[][] argv) {
    int found = 0;
    for (int i = 1; i < argv.length; i++) {
      if (c.db().lookupForRead(argv[i], true) != null) {
        c.engine().stats().keyspaceHits++;
        found++;
      } else {
        c.engine().stats().keyspaceMisses++;
      }
    }
    c.reply().integer(found);
  }
}
