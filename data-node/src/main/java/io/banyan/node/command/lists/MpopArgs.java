package io.banyan.node.command.lists;

import io.banyan.node.command.Args;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import java.util.Arrays;

/**
 * The arguments LMPOP and BLMPOP share: {@code numkeys key [key ...] LEFT|RIGHT [COUNT count]}.
 *
 * @param firstKey argv index of the first key
 * @param numKeys how many keys follow
 * @param end the end to pop from
 * @param count how many elements to pop at most (1 when COUNT is absent)
 */
record MpopArgs(int firstKey, int numKeys, ListEnd end, long count) {

  /** Parses from {@code argv[numKeysIndex]} on, with Redis's error texts and checking order. */
  static MpopArgs parse(byte[][] argv, int numKeysIndex) {
    Long numKeys = Bytes.parseLong(argv[numKeysIndex]);
    if (numKeys == null || numKeys < 1) {
      throw Errors.err("numkeys should be greater than 0");
    }
    int firstKey = numKeysIndex + 1;
    // The keys must leave room for LEFT|RIGHT after them.
    if (numKeys > argv.length - firstKey - 1) {
      throw Errors.SYNTAX;
    }
    int whereIndex = firstKey + numKeys.intValue();
    ListEnd end = ListEnd.parse(argv[whereIndex]);
    long count = -1;
    for (int j = whereIndex + 1; j < argv.length; j++) {
      boolean hasValue = j + 1 < argv.length;
      if (count == -1 && Args.is(argv[j], "count") && hasValue) {
        Long v = Bytes.parseLong(argv[++j]);
        if (v == null || v < 1) {
          throw Errors.err("count should be greater than 0");
        }
        count = v;
      } else {
        throw Errors.SYNTAX;
      }
    }
    return new MpopArgs(firstKey, numKeys.intValue(), end, count == -1 ? 1 : count);
  }

  byte[][] keys(byte[][] argv) {
    return Arrays.copyOfRange(argv, firstKey, firstKey + numKeys);
  }
}
