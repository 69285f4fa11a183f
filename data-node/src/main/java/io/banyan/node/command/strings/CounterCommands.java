package io.banyan.node.command.strings;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.LongDouble;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;

/**
 * INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT. Counters are strings holding a canonical decimal
 * integer (no spaces, no '+', no leading zeros); the key keeps its time to live.
 */
final class CounterCommands {
  private static final byte[] SET = Bytes.utf8("SET");
  private static final byte[] KEEPTTL = Bytes.utf8("KEEPTTL");

  private CounterCommands() {}

  static void incr(Client c, byte[][] argv) {
    add(c, argv[1], 1);
  }

  static void decr(Client c, byte[][] argv) {
    add(c, argv[1], -1);
  }

  static void incrby(Client c, byte[][] argv) {
    add(c, argv[1], Args.toLong(argv[2]));
  }

  static void decrby(Client c, byte[][] argv) {
    long by = Args.toLong(argv[2]);
    if (by == Long.MIN_VALUE) {
      throw Errors.err("decrement would overflow");
    }
    add(c, argv[1], -by);
  }

  private static void add(Client c, byte[] key, long increment) {
    byte[] current = Lookup.writeString(c, key);
    long value = 0;
    if (current != null) {
      Long parsed = Bytes.parseLong(current);
      if (parsed == null) {
        throw Errors.NOT_INTEGER;
      }
      value = parsed;
    }
    long result = value + increment;
    // Overflow when both operands have the same sign and the result's sign differs.
    if (((value ^ result) & (increment ^ result)) < 0) {
      throw Errors.OVERFLOW;
    }
    c.db().setKeepingTtl(key, Bytes.fromLong(result));
    c.reply().integer(result);
  }

  static void incrbyfloat(Client c, byte[][] argv) {
    byte[] key = argv[1];
    byte[] current = Lookup.writeString(c, key);
    LongDouble value = current == null ? LongDouble.ZERO : LongDouble.parse(current);
    LongDouble increment = LongDouble.parse(argv[2]);
    if (value == null || increment == null) {
      throw Errors.NOT_FLOAT;
    }
    LongDouble sum = value.plus(increment);
    if (sum == null) {
      throw Errors.err("increment would produce NaN or Infinity");
    }
    byte[] stored = Bytes.utf8(sum.toHumanString());
    c.db().setKeepingTtl(key, stored);
    c.reply().bulk(stored);
    // Replicas and the AOF get the result, so float formatting can never make them diverge.
    c.propagateAs(SET, key, stored, KEEPTTL);
  }
}
