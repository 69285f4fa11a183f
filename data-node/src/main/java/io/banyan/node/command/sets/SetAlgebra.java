package io.banyan.node.command.sets;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.SetValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Intersections, unions and differences, with or without storing the result (SINTER, SINTERCARD,
 * SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE). Missing keys are empty sets; every key is
 * type-checked before anything is computed, so a WRONGTYPE key fails the command even after a
 * missing one. Store variants replace the destination whatever its type, or delete it when the
 * result is empty.
 */
final class SetAlgebra {
  private SetAlgebra() {}

  private static final CommandException NUMKEYS_NOT_POSITIVE =
      new CommandException("ERR numkeys should be greater than 0");
  private static final CommandException TOO_MANY_KEYS =
      new CommandException("ERR Number of keys can't be greater than number of args");
  private static final CommandException NEGATIVE_LIMIT =
      new CommandException("ERR LIMIT can't be negative");

  static void sinter(Client c, byte[][] argv) {
    SetValue[] sets = lookupAll(c, argv, 1, argv.length);
    List<byte[]> result = new ArrayList<>();
    if (sets != null) {
      intersect(sets, 0, result::add);
    }
    Reply r = c.reply();
    r.set(result.size());
    for (byte[] m : result) {
      r.bulk(m);
    }
  }

  static void sinterstore(Client c, byte[][] argv) {
    SetValue[] sets = lookupAll(c, argv, 2, argv.length);
    SetValue result = new SetValue();
    if (sets != null) {
      intersect(sets, 0, result::add);
    }
    store(c, argv[1], result);
  }

  static void sintercard(Client c, byte[][] argv) {
    Long numKeys = Bytes.parseLong(argv[1]);
    if (numKeys == null || numKeys < 1) {
      throw NUMKEYS_NOT_POSITIVE;
    }
    if (numKeys > argv.length - 2) {
      throw TOO_MANY_KEYS;
    }
    int keysEnd = 2 + numKeys.intValue();
    long limit = 0;
    for (int i = keysEnd; i < argv.length; i++) {
      if (Args.is(argv[i], "limit") && i + 1 < argv.length) {
        Long v = Bytes.parseLong(argv[++i]);
        if (v == null || v < 0) {
          throw NEGATIVE_LIMIT;
        }
        limit = v;
      } else {
        throw Errors.SYNTAX;
      }
    }
    SetValue[] sets = lookupAll(c, argv, 2, keysEnd);
    c.reply().integer(sets == null ? 0 : intersect(sets, limit, m -> {}));
  }

  /**
   * SUNION, SDIFF and their STORE forms. The result is built as a new set (an intset while it can
   * be), which is also what the non-storing forms reply from, like Redis.
   */
  static void unionOrDiff(Client c, byte[][] argv, boolean diff, boolean storing) {
    int first = storing ? 2 : 1;
    SetValue[] sets = new SetValue[argv.length - first];
    for (int i = 0; i < sets.length; i++) {
      sets[i] = Lookup.read(c, argv[first + i], SetValue.class);
    }
    SetValue result = diff ? difference(sets) : union(sets);
    if (storing) {
      store(c, argv[1], result);
      return;
    }
    Reply r = c.reply();
    r.set(result.size());
    result.forEach(r::bulk);
  }

  /**
   * Looks up keys {@code argv[from..to)}, checking every type; returns null when any is missing
   * (the intersection is then empty).
   */
  private static SetValue[] lookupAll(Client c, byte[][] argv, int from, int to) {
    SetValue[] sets = new SetValue[to - from];
    boolean anyMissing = false;
    for (int i = 0; i < sets.length; i++) {
      sets[i] = Lookup.read(c, argv[from + i], SetValue.class);
      anyMissing |= sets[i] == null;
    }
    return anyMissing ? null : sets;
  }

  /**
   * Walks the smallest set and keeps the members every other set contains; stops after {@code
   * limit} members when limit is positive. Returns how many were kept.
   */
  private static long intersect(SetValue[] sets, long limit, Consumer<byte[]> out) {
    SetValue[] sorted = sets.clone();
    Arrays.sort(sorted, Comparator.comparingInt(SetValue::size));
    SetValue smallest = sorted[0];
    long kept = 0;
    for (byte[] m : smallest.members()) {
      boolean everywhere = true;
      for (int j = 1; j < sorted.length && everywhere; j++) {
        everywhere = sorted[j] == smallest || sorted[j].contains(m);
      }
      if (everywhere) {
        out.accept(m);
        kept++;
        if (limit > 0 && kept >= limit) {
          break;
        }
      }
    }
    return kept;
  }

  private static SetValue union(SetValue[] sets) {
    SetValue result = new SetValue();
    for (SetValue s : sets) {
      if (s != null) {
        s.forEach(result::add);
      }
    }
    return result;
  }

  /**
   * Members of the first set absent from all others. Like Redis, picks between testing each member
   * of the first set against the others (cheap when the first set is small) and copying the first
   * set then removing the others' members (cheap when the others are small).
   */
  private static SetValue difference(SetValue[] sets) {
    SetValue result = new SetValue();
    SetValue head = sets[0];
    if (head == null) {
      return result;
    }
    long probeWork = 0;
    long copyWork = 0;
    for (SetValue s : sets) {
      if (s != null) {
        probeWork += head.size();
        copyWork += s.size();
      }
    }
    if (probeWork / 2 <= copyWork) {
      // Test against the largest sets first: they are the likeliest to contain the member.
      SetValue[] others = Arrays.copyOfRange(sets, 1, sets.length);
      Arrays.sort(
          others, Comparator.comparingInt((SetValue s) -> s == null ? 0 : s.size()).reversed());
      head.forEach(
          m -> {
            for (SetValue o : others) {
              if (o == head || (o != null && o.contains(m))) {
                return;
              }
            }
            result.add(m);
          });
      return result;
    }
    head.forEach(result::add);
    for (int i = 1; i < sets.length && !result.isEmpty(); i++) {
      if (sets[i] != null) {
        sets[i].forEach(result::remove);
      }
    }
    return result;
  }

  /** Replaces destination with result (dropping any TTL), or deletes it when result is empty. */
  private static void store(Client c, byte[] destination, SetValue result) {
    if (result.isEmpty()) {
      c.db().delete(destination);
      c.reply().integer(0);
      return;
    }
    c.db().set(destination, result);
    c.reply().integer(result.size());
  }
}
