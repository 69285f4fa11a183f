package io.banyan.node.command.hashes;

import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;

/**
 * The count argument of HRANDFIELD and SRANDMEMBER (ZRANDMEMBER reads the same): a signed integer
 * whose sign selects distinct elements (positive) or independent draws with repeats (negative).
 * Redis refuses {@code LONG_MIN}, whose magnitude does not fit.
 */
public final class RandomCount {
  private RandomCount() {}

  private static final CommandException OUT_OF_RANGE =
      new CommandException(
          "ERR value is out of range, value must between -9223372036854775807 and"
              + " 9223372036854775807");

  public static long parse(byte[] arg) {
    Long v = Bytes.parseLong(arg);
    if (v == null) {
      throw Errors.NOT_INTEGER;
    }
    if (v == Long.MIN_VALUE) {
      throw OUT_OF_RANGE;
    }
    return v;
  }
}
