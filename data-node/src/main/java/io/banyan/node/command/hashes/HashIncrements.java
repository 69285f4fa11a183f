package io.banyan.node.command.hashes;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.LongDouble;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.HashValue;
import java.nio.charset.StandardCharsets;

/** HINCRBY and HINCRBYFLOAT: arithmetic on a hash field's value, which must hold a number. */
final class HashIncrements {
  private HashIncrements() {}

  private static final CommandException HASH_NOT_INTEGER =
      new CommandException("ERR hash value is not an integer");
  private static final CommandException HASH_NOT_FLOAT =
      new CommandException("ERR hash value is not a float");
  private static final CommandException INCREMENT_NOT_FINITE =
      new CommandException("ERR value is NaN or Infinity");
  private static final CommandException RESULT_NOT_FINITE =
      new CommandException("ERR increment would produce NaN or Infinity");
  private static final byte[] HSET = Bytes.utf8("HSET");

  static void hincrby(Client c, byte[][] argv) {
    long increment = Args.toLong(argv[3]);
    HashValue h = Lookup.write(c, argv[1], HashValue.class);
    long current = 0;
    byte[] old = h == null ? null : h.get(argv[2]);
    if (old != null) {
      Long parsed = Bytes.parseLong(old);
      if (parsed == null) {
        throw HASH_NOT_INTEGER;
      }
      current = parsed;
    }
    long result;
    try {
      result = Math.addExact(current, increment);
    } catch (ArithmeticException e) {
      throw Errors.OVERFLOW;
    }
    store(c, argv, h, Bytes.fromLong(result));
    c.reply().integer(result);
  }

  /**
   * Computes in 80-bit long double like Redis (see {@link LongDouble}) and replicates the result as
   * an HSET, so that replicas store exactly the same text whatever their arithmetic.
   */
  static void hincrbyfloat(Client c, byte[][] argv) {
    LongDouble increment = LongDouble.parse(argv[3]);
    if (increment == null) {
      throw Errors.NOT_FLOAT;
    }
    if (increment.isInfinite()) {
      throw INCREMENT_NOT_FINITE;
    }
    HashValue h = Lookup.write(c, argv[1], HashValue.class);
    LongDouble current = LongDouble.ZERO;
    byte[] old = h == null ? null : h.get(argv[2]);
    if (old != null) {
      current = LongDouble.parse(old);
      if (current == null) {
        throw HASH_NOT_FLOAT;
      }
      if (current.isInfinite()) {
        throw RESULT_NOT_FINITE;
      }
    }
    LongDouble sum = current.plus(increment);
    if (sum == null) {
      throw RESULT_NOT_FINITE;
    }
    byte[] text = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
    store(c, argv, h, text);
    c.reply().bulk(text);
    c.propagateAs(HSET, argv[1], argv[2], text);
  }

  /** Writes the new value, creating the hash when absent (all validation is done by now). */
  private static void store(Client c, byte[][] argv, HashValue h, byte[] value) {
    if (h == null) {
      h = Lookup.writeOrCreate(c, argv[1], HashValue.class, HashValue::new);
    }
    h.put(argv[2], value);
    c.db().modified(argv[1]);
  }
}
