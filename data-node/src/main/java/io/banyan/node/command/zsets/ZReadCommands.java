package io.banyan.node.command.zsets;

import io.banyan.node.client.Client;
import io.banyan.node.command.Lookup;
import io.banyan.node.store.type.ZSetValue;

/** Sorted-set reads by member or count: ZCARD, ZSCORE, ZMSCORE, Z[REV]RANK, ZCOUNT, ZLEXCOUNT. */
final class ZReadCommands {
  private ZReadCommands() {}

  static void zcard(Client c, byte[][] argv) {
    ZSetValue z = Lookup.read(c, argv[1], ZSetValue.class);
    c.reply().integer(z == null ? 0 : z.size());
  }

  static void zscore(Client c, byte[][] argv) {
    ZSetValue z = Lookup.read(c, argv[1], ZSetValue.class);
    Double s = z == null ? null : z.score(argv[2]);
    if (s == null) {
      c.reply().nullBulk();
    } else {
      c.reply().dbl(s);
    }
  }

  static void zmscore(Client c, byte[][] argv) {
    ZSetValue z = Lookup.read(c, argv[1], ZSetValue.class);
    c.reply().array(argv.length - 2);
    for (int i = 2; i < argv.length; i++) {
      Double s = z == null ? null : z.score(argv[i]);
      if (s == null) {
        c.reply().nullBulk();
      } else {
        c.reply().dbl(s);
      }
    }
  }

  static void zrank(Client c, byte[][] argv) {
    rank(c, argv, false);
  }

  static void zrevrank(Client c, byte[][] argv) {
    rank(c, argv, true);
  }

  private static void rank(Client c, byte[][] argv, boolean reverse) {
    ZSetValue z = Lookup.read(c, argv[1], ZSetValue.class);
    int rank = z == null ? -1 : z.rank(argv[2]);
    if (rank < 0) {
      c.reply().nullBulk();
    } else {
      c.reply().integer(reverse ? z.size() - 1 - rank : rank);
    }
  }

  static void zcount(Client c, byte[][] argv) {
    ZParse.ScoreRange range = ZParse.scoreRange(argv[2], argv[3]);
    ZSetValue z = Lookup.read(c, argv[1], ZSetValue.class);
    c.reply().integer(z == null ? 0 : Math.max(0, range.end(z) - range.first(z)));
  }

  static void zlexcount(Client c, byte[][] argv) {
    LexRange range = ZParse.lexRange(argv[2], argv[3]);
    ZSetValue z = Lookup.read(c, argv[1], ZSetValue.class);
    c.reply().integer(z == null ? 0 : range.count(z));
  }
}
