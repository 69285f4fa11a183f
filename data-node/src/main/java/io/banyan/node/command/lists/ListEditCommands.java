package io.banyan.node.command.lists;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.type.ListValue;

/** List commands that change elements in place: LSET, LTRIM, LINSERT, LREM. */
final class ListEditCommands {
  private ListEditCommands() {}

  /** LSET key index element: the key is looked up before the index is parsed, as in Redis. */
  static void lset(Client c, byte[][] argv) {
    ListValue list = Lookup.write(c, argv[1], ListValue.class);
    if (list == null) {
      throw Errors.NO_SUCH_KEY;
    }
    int i = ListQueryCommands.resolveIndex(Args.toLong(argv[2]), list.size());
    if (i < 0) {
      throw Errors.INDEX_OUT_OF_RANGE;
    }
    list.set(i, argv[3]);
    c.db().modified(argv[1]);
    c.reply().ok();
  }

  /** LTRIM key start stop: keeps the inclusive range; an empty range deletes the key. */
  static void ltrim(Client c, byte[][] argv) {
    long start = Args.toLong(argv[2]);
    long stop = Args.toLong(argv[3]);
    ListValue list = Lookup.write(c, argv[1], ListValue.class);
    if (list == null) {
      c.reply().ok();
      return;
    }
    int size = list.size();
    if (start < 0) {
      start = Math.max(start + size, 0);
    }
    if (stop < 0) {
      stop += size;
    }
    int from;
    int to;
    if (start > stop || start >= size) {
      from = 0;
      to = 0;
    } else {
      from = (int) start;
      to = (int) Math.min(stop, size - 1) + 1;
    }
    if (from > 0 || to < size) {
      list.retainRange(from, to);
      c.db().modified(argv[1]);
    }
    c.reply().ok();
  }

  /**
   * LINSERT key BEFORE|AFTER pivot element: the new length, -1 when the pivot is absent, 0 when the
   * key is.
   */
  static void linsert(Client c, byte[][] argv) {
    boolean after;
    if (Args.is(argv[2], "after")) {
      after = true;
    } else if (Args.is(argv[2], "before")) {
      after = false;
    } else {
      throw Errors.SYNTAX;
    }
    ListValue list = Lookup.write(c, argv[1], ListValue.class);
    if (list == null) {
      c.reply().integer(0);
      return;
    }
    int pivot = list.indexOf(argv[3], 0);
    if (pivot < 0) {
      c.reply().integer(-1);
      return;
    }
    list.insert(after ? pivot + 1 : pivot, argv[4]);
    c.db().modified(argv[1]);
    c.reply().integer(list.size());
  }

  /** LREM key count element: removes count matches from the head (negative: from the tail). */
  static void lrem(Client c, byte[][] argv) {
    long count = Args.toLong(argv[2]);
    ListValue list = Lookup.write(c, argv[1], ListValue.class);
    if (list == null) {
      c.reply().integer(0);
      return;
    }
    int removed = list.removeOccurrences(argv[3], count);
    if (removed > 0) {
      c.db().modified(argv[1]);
    }
    c.reply().integer(removed);
  }
}
