package io.banyan.node.command.sets;

import io.banyan.node.client.Client;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.hashes.RandomCount;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.SetValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** SPOP and SRANDMEMBER: random members, removed or not. */
final class SetSampling {
  private SetSampling() {}

  private static final CommandException NOT_POSITIVE =
      new CommandException("ERR value is out of range, must be positive");
  private static final byte[] SREM = Bytes.utf8("SREM");
  private static final byte[] DEL = Bytes.utf8("DEL");

  /**
   * When the members left after SPOP are few (five times fewer than those popped), Redis moves the
   * survivors into a new set instead of removing the popped ones one by one.
   */
  private static final int SPOP_MOVE_STRATEGY_FACTOR = 5;

  /** SRANDMEMBER copies the set and drops members when the count is over a third of the size. */
  private static final int SUBTRACT_STRATEGY_FACTOR = 3;

  /**
   * Replicated as one SREM per popped member, or as DEL when the whole set goes, so that replicas
   * remove exactly the members this node picked.
   */
  static void spop(Client c, byte[][] argv) {
    if (argv.length > 3) {
      throw Errors.SYNTAX;
    }
    byte[] key = argv[1];
    if (argv.length == 2) {
      SetValue s = Lookup.write(c, key, SetValue.class);
      if (s == null) {
        c.reply().nullBulk();
        return;
      }
      byte[] member = s.random();
      s.remove(member);
      c.db().modified(key);
      c.propagateAs(SREM, key, member);
      c.reply().bulk(member);
      return;
    }
    Long parsed = Bytes.parseLong(argv[2]);
    if (parsed == null || parsed < 0) {
      throw NOT_POSITIVE;
    }
    long count = parsed;
    SetValue s = Lookup.write(c, key, SetValue.class);
    Reply r = c.reply();
    if (s == null || count == 0) {
      r.set(0);
      return;
    }
    int size = s.size();
    if (count >= size) {
      r.set(size);
      s.forEach(r::bulk);
      c.db().delete(key);
      c.propagateAs(DEL, key);
      return;
    }
    List<byte[]> popped;
    long remaining = size - count;
    if (remaining * SPOP_MOVE_STRATEGY_FACTOR > count) {
      popped = new ArrayList<>((int) count);
      for (long i = 0; i < count; i++) {
        byte[] m = s.random();
        s.remove(m);
        popped.add(m);
      }
    } else {
      popped = s.removeAllExceptRandom((int) remaining);
    }
    r.set(popped.size());
    for (byte[] m : popped) {
      r.bulk(m);
      c.propagateAs(SREM, key, m);
    }
    c.db().modified(key);
  }

  static void srandmember(Client c, byte[][] argv) {
    if (argv.length > 3) {
      throw Errors.SYNTAX;
    }
    if (argv.length == 2) {
      SetValue s = Lookup.read(c, argv[1], SetValue.class);
      c.reply().bulk(s == null ? null : s.random());
      return;
    }
    long requested = RandomCount.parse(argv[2]);
    SetValue s = Lookup.read(c, argv[1], SetValue.class);
    Reply r = c.reply();
    if (s == null || requested == 0) {
      r.array(0);
      return;
    }
    if (requested < 0 || requested == 1) {
      // Independent draws: the same member may come up several times.
      long n = Math.abs(requested);
      if (n > Integer.MAX_VALUE) {
        throw new CommandException("ERR value is out of range");
      }
      r.array((int) n);
      for (long i = 0; i < n; i++) {
        r.bulk(s.random());
      }
      return;
    }
    int size = s.size();
    if (requested >= size) {
      r.array(size);
      s.forEach(r::bulk);
      return;
    }
    List<byte[]> picked = distinct(s, (int) requested);
    r.array(picked.size());
    for (byte[] m : picked) {
      r.bulk(m);
    }
  }

  /** {@code count} distinct random members; count is below the set size. */
  private static List<byte[]> distinct(SetValue s, int count) {
    int size = s.size();
    if ((long) count * SUBTRACT_STRATEGY_FACTOR > size) {
      List<byte[]> all = s.members();
      // Partial Fisher-Yates: the first count slots end up a uniform sample.
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      for (int i = 0; i < count; i++) {
        int j = i + rnd.nextInt(size - i);
        byte[] t = all.get(i);
        all.set(i, all.get(j));
        all.set(j, t);
      }
      return all.subList(0, count);
    }
    List<byte[]> picked = new ArrayList<>(count);
    SetValue seen = new SetValue();
    while (picked.size() < count) {
      byte[] m = s.random();
      if (seen.add(m)) {
        picked.add(m);
      }
    }
    return picked;
  }
}
