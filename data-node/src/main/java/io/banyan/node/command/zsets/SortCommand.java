package io.banyan.node.command.zsets;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO: sorts the elements of a list, set or sorted set numerically or
 * lexicographically, optionally by weights read from other keys (BY pattern, with "->field" for
 * hash fields; a pattern without '*' skips sorting), returning the elements or values looked up
 * through GET patterns ("#" for the element itself), with LIMIT, and for SORT an optional STORE
 * into a list.
 */
final class SortCommand {
  private SortCommand() {}

  /** One element with what it sorts by. */
  private static final class Item {
    final byte[] element;
    double score;
    byte[] by;

    Item(byte[] element) {
      this.element = element;
    }
  }

  /** Parsed options. */
  private static final class Options {
    boolean desc;
    boolean alpha;
    boolean dontSort;
    long limitStart = 0;
    long limitCount = -1;
    byte[] sortBy;
    byte[] storeKey;
    final List<byte[]> gets = new ArrayList<>();
  }

  static void sort(Client c, byte[][] argv) {
    sort(c, argv, false);
  }

  static void sortRo(Client c, byte[][] argv) {
    sort(c, argv, true);
  }

  private static Options parse(byte[][] argv, boolean readonly) {
    Options o = new Options();
    for (int j = 2; j < argv.length; j++) {
      int left = argv.length - j - 1;
      byte[] a = argv[j];
      if (Args.is(a, "asc")) {
        o.desc = false;
      } else if (Args.is(a, "desc")) {
        o.desc = true;
      } else if (Args.is(a, "alpha")) {
        o.alpha = true;
      } else if (Args.is(a, "limit") && left >= 2) {
        o.limitStart = Args.toLong(argv[j + 1]);
        o.limitCount = Args.toLong(argv[j + 2]);
        j += 2;
      } else if (!readonly && Args.is(a, "store") && left >= 1) {
        o.storeKey = argv[++j];
      } else if (Args.is(a, "by") && left >= 1) {
        o.sortBy = argv[++j];
        // A pattern that names no key per element leaves the order alone (e.g. BY nosort).
        if (indexOf(o.sortBy, (byte) '*') < 0) {
          o.dontSort = true;
        }
      } else if (Args.is(a, "get") && left >= 1) {
        o.gets.add(argv[++j]);
      } else {
        throw Errors.SYNTAX;
      }
    }
    return o;
  }

  private static void sort(Client c, byte[][] argv, boolean readonly) {
    Options o = parse(argv, readonly);
    Object source = Lookup.read(c, argv[1]);
    if (source != null
        && !(source instanceof ListValue)
        && !(source instanceof SetValue)
        && !(source instanceof ZSetValue)) {
      throw Errors.WRONG_TYPE;
    }
    if (o.dontSort && source instanceof SetValue && o.storeKey != null) {
      // A set has no order of its own: stored results are made deterministic by sorting.
      o.dontSort = false;
      o.alpha = true;
      o.sortBy = null;
    }
    if (source instanceof ZSetValue z) {
      z.convertToSkiplist(); // Redis 7.0 converts the sorted set it sorts, visibly
      c.db().reaccount(argv[1]);
    }
    int length = source == null ? 0 : ((CompositeValue) source).size();
    long start = o.limitStart < 0 ? 0 : o.limitStart;
    // Saturating: a huge count means "to the end", never an overflow.
    long end;
    if (o.limitCount < 0) {
      end = length - 1;
    } else {
      end = o.limitCount > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + o.limitCount - 1;
    }
    if (start >= length) {
      start = length - 1;
      end = length - 2;
    }
    if (end >= length) {
      end = length - 1;
    }

    List<Item> items = new ArrayList<>();
    if (o.dontSort && (source instanceof ListValue || source instanceof ZSetValue)) {
      // Native order (reversed for DESC), only the selected window.
      if (end >= start) {
        loadWindow(source, (int) start, (int) end, o.desc, items);
      }
      end -= start;
      start = 0;
    } else if (source != null) {
      loadAll(source, items);
    }

    boolean conversionError = false;
    if (!o.dontSort) {
      for (Item it : items) {
        byte[] byValue = o.sortBy != null ? lookupByPattern(c, o.sortBy, it.element) : it.element;
        if (byValue == null) {
          continue;
        }
        if (o.alpha) {
          if (o.sortBy != null) {
            it.by = byValue;
          }
        } else {
          CDouble.Result r = CDouble.strtod(byValue, 0);
          it.score = r.value();
          if (r.end() != byValue.length || r.outOfRange() || Double.isNaN(r.value())) {
            conversionError = true;
          }
        }
      }
      items.sort(comparator(o));
    }
    if (conversionError) {
      throw Errors.err("One or more scores can't be converted into double");
    }
    int outputLength = (int) Math.max(0, end - start + 1) * Math.max(1, o.gets.size());
    if (o.storeKey == null) {
      c.reply().array(outputLength);
      for (long j = start; j <= end; j++) {
        Item it = items.get((int) j);
        if (o.gets.isEmpty()) {
          c.reply().bulk(it.element);
        }
        for (byte[] pattern : o.gets) {
          byte[] v = lookupByPattern(c, pattern, it.element);
          if (v == null) {
            c.reply().nullBulk();
          } else {
            c.reply().bulk(v);
          }
        }
      }
      return;
    }
    store(c, o, items, start, end, outputLength);
  }

  private static void store(
      Client c, Options o, List<Item> items, long start, long end, int outputLength) {
    if (outputLength == 0) {
      c.db().delete(o.storeKey);
      c.reply().integer(0);
      return;
    }
    ListValue list = new ListValue();
    for (long j = start; j <= end; j++) {
      Item it = items.get((int) j);
      if (o.gets.isEmpty()) {
        list.addLast(it.element);
      }
      for (byte[] pattern : o.gets) {
        byte[] v = lookupByPattern(c, pattern, it.element);
        list.addLast(v == null ? Bytes.EMPTY : v);
      }
    }
    c.db().set(o.storeKey, list);
    c.reply().integer(outputLength);
  }

  private static void loadWindow(Object source, int start, int end, boolean desc, List<Item> out) {
    int n = end - start + 1;
    if (source instanceof ZSetValue z) {
      int size = z.size();
      if (desc) {
        z.visitRange(size - start - n, size - 1 - start, true, (m, s) -> out.add(new Item(m)));
      } else {
        z.visitRange(start, end, false, (m, s) -> out.add(new Item(m)));
      }
      return;
    }
    List<byte[]> all = new ArrayList<>();
    ((ListValue) source).forEach(all::add);
    int size = all.size();
    for (int i = 0; i < n; i++) {
      out.add(new Item(all.get(desc ? size - 1 - start - i : start + i)));
    }
  }

  private static void loadAll(Object source, List<Item> out) {
    if (source instanceof ListValue l) {
      l.forEach(e -> out.add(new Item(e)));
    } else if (source instanceof SetValue s) {
      s.forEach(e -> out.add(new Item(e)));
    } else {
      ((ZSetValue) source).forEach((m, score) -> out.add(new Item(m)));
    }
  }

  /**
   * Redis's order: numeric by weight with ties broken by the element bytes; ALPHA by the BY values
   * (missing ones first) or by the elements themselves; all reversed for DESC.
   */
  private static Comparator<Item> comparator(Options o) {
    Comparator<Item> cmp;
    if (!o.alpha) {
      cmp =
          (a, b) -> {
            if (a.score > b.score) {
              return 1;
            }
            if (a.score < b.score) {
              return -1;
            }
            return Bytes.compare(a.element, b.element);
          };
    } else if (o.sortBy != null) {
      cmp =
          (a, b) -> {
            if (a.by == null || b.by == null) {
              return a.by == b.by ? 0 : (a.by == null ? -1 : 1);
            }
            return Bytes.compare(a.by, b.by);
          };
    } else {
      cmp = (a, b) -> Bytes.compare(a.element, b.element);
    }
    return o.desc ? cmp.reversed() : cmp;
  }

  /**
   * The value a BY or GET pattern names for an element: "#" is the element itself; otherwise the
   * first '*' is replaced by the element to form a key, whose string value is used, or with
   * "key->field" the field of the hash at that key. Null when there is no such value.
   */
  static byte[] lookupByPattern(Client c, byte[] pattern, byte[] element) {
    if (pattern.length == 1 && pattern[0] == '#') {
      return element;
    }
    int star = indexOf(pattern, (byte) '*');
    if (star < 0) {
      return null;
    }
    int arrow = indexOfArrow(pattern, star + 1);
    int fieldLength = (arrow >= 0 && arrow + 2 < pattern.length) ? pattern.length - arrow - 2 : 0;
    int suffixEnd = pattern.length - (fieldLength > 0 ? fieldLength + 2 : 0);
    byte[] key = new byte[star + element.length + (suffixEnd - star - 1)];
    System.arraycopy(pattern, 0, key, 0, star);
    System.arraycopy(element, 0, key, star, element.length);
    System.arraycopy(pattern, star + 1, key, star + element.length, suffixEnd - star - 1);
    Object v = Lookup.read(c, key);
    if (v == null) {
      return null;
    }
    if (fieldLength > 0) {
      if (!(v instanceof HashValue h)) {
        return null;
      }
      byte[] field = new byte[fieldLength];
      System.arraycopy(pattern, arrow + 2, field, 0, fieldLength);
      return h.get(field);
    }
    return v instanceof byte[] s ? s : null;
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfArrow(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '-' && b[i + 1] == '>') {
        return i;
      }
    }
    return -1;
  }
}
