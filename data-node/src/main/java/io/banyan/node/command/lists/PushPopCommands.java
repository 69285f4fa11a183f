package io.banyan.node.command.lists;

import io.banyan.node.client.Client;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.ListValue;

/**
 * Commands that add or remove at the ends of lists: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP,
 * LMPOP, LMOVE, RPOPLPUSH; and the pop and move steps their blocking forms share.
 */
final class PushPopCommands {
  private PushPopCommands() {}

  // ---- push ----------------------------------------------------------------------------------

  /** LPUSH / RPUSH: pushes every element in argument order, creating the list if needed. */
  static void push(Client c, byte[][] argv, ListEnd end) {
    ListValue list = Lookup.writeOrCreate(c, argv[1], ListValue.class, ListValue::new);
    pushAll(list, argv, end);
    c.db().modified(argv[1]);
    c.reply().integer(list.size());
  }

  /** LPUSHX / RPUSHX: as LPUSH / RPUSH, but only onto an existing list. */
  static void pushExisting(Client c, byte[][] argv, ListEnd end) {
    ListValue list = Lookup.write(c, argv[1], ListValue.class);
    if (list == null) {
      c.reply().integer(0);
      return;
    }
    pushAll(list, argv, end);
    c.db().modified(argv[1]);
    c.reply().integer(list.size());
  }

  private static void pushAll(ListValue list, byte[][] argv, ListEnd end) {
    for (int i = 2; i < argv.length; i++) {
      end.push(list, argv[i]);
    }
  }

  // ---- pop -----------------------------------------------------------------------------------

  /**
   * LPOP / RPOP key [count]: one element as a bulk string, or with a count an array of up to count
   * elements. A missing key answers a null bulk, or a null array when a count was given.
   */
  static void pop(Client c, byte[][] argv, ListEnd end) {
    if (argv.length > 3) {
      throw Errors.wrongArity(Bytes.lower(argv[0]));
    }
    long count = -1;
    if (argv.length == 3) {
      Long v = Bytes.parseLong(argv[2]);
      if (v == null || v < 0) {
        throw Errors.err("value is out of range, must be positive");
      }
      count = v;
    }
    ListValue list = Lookup.write(c, argv[1], ListValue.class);
    if (list == null) {
      if (count >= 0) {
        c.reply().nullArray();
      } else {
        c.reply().nullBulk();
      }
      return;
    }
    if (count == -1) {
      c.reply().bulk(end.pop(list));
    } else if (count == 0) {
      c.reply().array(0);
      return;
    } else {
      popInto(c, list, end, count);
    }
    c.db().modified(argv[1]);
  }

  /** Pops up to count elements, replying them as an array; returns how many were popped. */
  static int popInto(Client c, ListValue list, ListEnd end, long count) {
    int n = (int) Math.min(count, list.size());
    c.reply().array(n);
    for (int i = 0; i < n; i++) {
      c.reply().bulk(end.pop(list));
    }
    return n;
  }

  /** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
  static void lmpop(Client c, byte[][] argv) {
    MpopArgs a = MpopArgs.parse(argv, 1);
    if (!popFromFirstList(c, a.keys(argv), a)) {
      c.reply().nullArray();
    }
  }

  /**
   * The LMPOP / BLMPOP step: pops from the first of keys that holds a list, replies {@code [key,
   * [elements]]}, and propagates it as {@code LPOP|RPOP key n} with n the number popped, as Redis
   * 7.0 does. Returns false, without replying, when no key holds a list. A key of another type met
   * before any list is WRONGTYPE.
   */
  static boolean popFromFirstList(Client c, byte[][] keys, MpopArgs a) {
    for (byte[] key : keys) {
      ListValue list = Lookup.write(c, key, ListValue.class);
      if (list == null) {
        continue;
      }
      c.reply().array(2);
      c.reply().bulk(key);
      int popped = popInto(c, list, a.end(), a.count());
      c.db().modified(key);
      c.propagateAs(a.end().popCommand(), key, Bytes.fromLong(popped));
      return true;
    }
    return false;
  }

  // ---- move ----------------------------------------------------------------------------------

  /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT. */
  static void lmove(Client c, byte[][] argv) {
    ListEnd from = ListEnd.parse(argv[3]);
    ListEnd to = ListEnd.parse(argv[4]);
    c.reply().bulk(move(c, argv[1], argv[2], from, to));
  }

  /** RPOPLPUSH source destination: LMOVE source destination RIGHT LEFT. */
  static void rpoplpush(Client c, byte[][] argv) {
    c.reply().bulk(move(c, argv[1], argv[2], ListEnd.RIGHT, ListEnd.LEFT));
  }

  /**
   * Moves one element from an end of source to an end of destination (which may be the same list)
   * and returns it; null, changing nothing, when source is missing. A destination of another type
   * is WRONGTYPE, checked only when there is something to move, as in Redis.
   */
  static byte[] move(Client c, byte[] source, byte[] destination, ListEnd from, ListEnd to) {
    ListValue src = Lookup.write(c, source, ListValue.class);
    if (src == null) {
      return null;
    }
    ListValue dst = Lookup.write(c, destination, ListValue.class);
    byte[] element = from.pop(src);
    if (dst == null) {
      dst = new ListValue();
      c.db().add(destination, dst);
    }
    to.push(dst, element);
    // Destination first: it is the key that gained data, which wakes its waiters.
    c.db().modified(destination);
    c.db().modified(source);
    return element;
  }
}
