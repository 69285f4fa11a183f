package io.banyan.node.command.hashes;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.SetValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** HRANDFIELD and HSCAN: reading parts of a hash without reading it all. */
final class HashSampling {
  private HashSampling() {}

  private static final CommandException OUT_OF_RANGE =
      new CommandException("ERR value is out of range");

  /**
   * When the wanted count is more than a third of the hash, picking the ones to drop from a copy is
   * cheaper than drawing until enough distinct fields come up (Redis's threshold).
   */
  private static final int SUBTRACT_STRATEGY_FACTOR = 3;

  static void hrandfield(Client c, byte[][] argv) {
    if (argv.length == 2) {
      HashValue h = Lookup.read(c, argv[1], HashValue.class);
      c.reply().bulk(h == null ? null : h.random().field());
      return;
    }
    long requested = RandomCount.parse(argv[2]);
    if (argv.length > 4 || (argv.length == 4 && !Args.is(argv[3], "withvalues"))) {
      throw Errors.SYNTAX;
    }
    boolean withValues = argv.length == 4;
    // Twice as many replies with values: Redis refuses counts whose double would overflow.
    if (withValues && (requested < -Long.MAX_VALUE / 2 || requested > Long.MAX_VALUE / 2)) {
      throw OUT_OF_RANGE;
    }
    HashValue h = Lookup.read(c, argv[1], HashValue.class);
    Reply r = c.reply();
    if (h == null || requested == 0) {
      r.array(0);
      return;
    }
    if (requested < 0) {
      // Independent draws: the same field may come up several times.
      long n = -requested;
      header(r, n, withValues);
      for (long i = 0; i < n; i++) {
        write(r, h.random(), withValues);
      }
      return;
    }
    int size = h.size();
    if (requested >= size) {
      header(r, size, withValues);
      h.forEach((f, v) -> write(r, new HashValue.Pair(f, v), withValues));
      return;
    }
    List<HashValue.Pair> picked = distinct(h, (int) requested);
    header(r, picked.size(), withValues);
    for (HashValue.Pair p : picked) {
      write(r, p, withValues);
    }
  }

  /** {@code count} distinct random entries; count is below the hash size. */
  private static List<HashValue.Pair> distinct(HashValue h, int count) {
    int size = h.size();
    if ((long) count * SUBTRACT_STRATEGY_FACTOR > size) {
      List<HashValue.Pair> all = new ArrayList<>(size);
      h.forEach((f, v) -> all.add(new HashValue.Pair(f, v)));
      // Partial Fisher-Yates: the first count slots end up a uniform sample.
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      for (int i = 0; i < count; i++) {
        int j = i + rnd.nextInt(size - i);
        HashValue.Pair t = all.get(i);
        all.set(i, all.get(j));
        all.set(j, t);
      }
      return all.subList(0, count);
    }
    List<HashValue.Pair> picked = new ArrayList<>(count);
    SetValue seen = new SetValue();
    while (picked.size() < count) {
      HashValue.Pair p = h.random();
      if (seen.add(p.field())) {
        picked.add(p);
      }
    }
    return picked;
  }

  /** RESP3 nests each field/value pair in its own array; RESP2 flattens them. */
  private static void header(Reply r, long n, boolean withValues) {
    if (n > Integer.MAX_VALUE) {
      throw OUT_OF_RANGE; // never reached for real replies: Redis would run out of memory
    }
    if (!withValues) {
      r.array((int) n);
    } else if (r.resp3()) {
      r.array((int) n);
    } else {
      r.array((int) (n * 2));
    }
  }

  private static void write(Reply r, HashValue.Pair p, boolean withValues) {
    if (!withValues) {
      r.bulk(p.field());
      return;
    }
    if (r.resp3()) {
      r.array(2);
    }
    r.bulk(p.field());
    r.bulk(p.value());
  }

  static void hscan(Client c, byte[][] argv) {
    long cursor = ScanArgs.parseCursor(argv[2]);
    HashValue h = Lookup.read(c, argv[1], HashValue.class);
    if (h == null) {
      ScanArgs.replyEmpty(c);
      return;
    }
    ScanArgs args = ScanArgs.parseOptions(argv, 3);
    List<byte[]> found = new ArrayList<>();
    long next;
    if (h.isListpack()) {
      next = h.scan(0, (f, v) -> collect(found, f, v));
    } else {
      // COUNT is compared with fields and values together, as Redis does.
      long steps = args.maxSteps();
      next = cursor;
      do {
        next = h.scan(next, (f, v) -> collect(found, f, v));
      } while (next != 0 && steps-- > 0 && found.size() < args.count());
    }
    List<byte[]> items = found;
    if (args.pattern() != null) {
      items = new ArrayList<>(found.size());
      for (int i = 0; i < found.size(); i += 2) {
        if (args.matches(found.get(i))) {
          items.add(found.get(i));
          items.add(found.get(i + 1));
        }
      }
    }
    ScanArgs.reply(c, next, items);
  }

  private static void collect(List<byte[]> out, byte[] field, byte[] value) {
    out.add(field);
    out.add(value);
  }
}
