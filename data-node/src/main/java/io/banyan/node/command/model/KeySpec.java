package io.banyan.node.command.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One Redis 7.0 key specification: where the search for keys begins (a fixed index, or after a
 * keyword) and how keys are found from there (a range, or a count argument), with the key's access
 * flags. COMMAND INFO reports them and COMMAND GETKEYS evaluates them.
 *
 * @param flags key flags as Redis spells them (RO, RW, OW, RM, access, update, insert, delete,
 *     not_key, incomplete, variable_flags)
 * @param beginType {@code index}, {@code keyword} or {@code unknown}
 * @param index the begin index (index type) or the position to start looking for the keyword
 * @param keyword the keyword (keyword type)
 * @param findType {@code range}, {@code keynum} or {@code unknown}
 * @param a range: lastkey; keynum: keynumidx
 * @param b range: keystep; keynum: firstkey
 * @param c range: limit; keynum: keystep
 */
public record KeySpec(
    List<String> flags,
    String beginType,
    int index,
    String keyword,
    String findType,
    int a,
    int b,
    int c) {

  /** Redis 7.0's key flags; the first four say how the key is accessed, at most one of them. */
  private static final List<String> ACCESS_FLAGS = List.of("RO", "RW", "OW", "RM");

  private static final Set<String> OTHER_FLAGS =
      Set.of("access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags");

  public boolean has(String flag) {
    return flags.contains(flag);
  }

  /**
   * Parses the compact form a definition chain declares ({@link CommandTable.Builder#keys}): {@code
   * flags|begin|find} where begin is {@code i<index>}, {@code w<KEYWORD>,<startfrom>} or {@code u},
   * and find is {@code r<lastkey>,<step>,<limit>}, {@code k<keynumidx>,<firstkey>,<step>} or {@code
   * u}. Several specs are separated by {@code ;}.
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  static List<KeySpec> parseAll(String text) {
    List<KeySpec> out = new ArrayList<>();
    for (String part : text.split(";", -1)) {
      out.add(parse(part.trim()));
    }
    return List.copyOf(out);
  }

  private static KeySpec parse(String s) {
    String[] p = s.split("\\|", -1);
    if (p.length != 3) {
      throw new IllegalArgumentException("'" + s + "' is not flags|begin|find");
    }
    List<String> flags = parseFlags(p[0].trim());
    String begin = p[1].trim();
    String find = p[2].trim();
    String beginType;
    int index = 0;
    String keyword = null;
    if (begin.equals("u")) {
      beginType = "unknown";
    } else if (begin.startsWith("i")) {
      beginType = "index";
      index = number(begin.substring(1), begin);
    } else if (begin.startsWith("w")) {
      beginType = "keyword";
      String[] kw = begin.substring(1).split(",", -1);
      if (kw.length != 2 || kw[0].isEmpty()) {
        throw new IllegalArgumentException("keyword begin '" + begin + "' is not w<KEYWORD>,<n>");
      }
      keyword = kw[0];
      index = number(kw[1], begin);
    } else {
      throw new IllegalArgumentException("begin '" + begin + "' is not i<n>, w<KEYWORD>,<n> or u");
    }
    String findType;
    int[] n = {0, 0, 0};
    if (find.equals("u")) {
      findType = "unknown";
    } else {
      findType =
          switch (find.isEmpty() ? ' ' : find.charAt(0)) {
            case 'r' -> "range";
            case 'k' -> "keynum";
            default ->
                throw new IllegalArgumentException(
                    "find '"
                        + find
                        + "' is not r<last>,<step>,<limit>, k<idx>,<first>,<step> or u");
          };
      String[] nums = find.substring(1).split(",", -1);
      if (nums.length != 3) {
        throw new IllegalArgumentException("find '" + find + "' needs three numbers");
      }
      for (int i = 0; i < 3; i++) {
        n[i] = number(nums[i], find);
      }
    }
    return new KeySpec(flags, beginType, index, keyword, findType, n[0], n[1], n[2]);
  }

  private static List<String> parseFlags(String text) {
    List<String> flags = List.of(text.split("\\s+"));
    Set<String> seen = new HashSet<>();
    int access = 0;
    for (String f : flags) {
      if (!ACCESS_FLAGS.contains(f) && !OTHER_FLAGS.contains(f)) {
        throw new IllegalArgumentException("unknown key flag '" + f + "'");
      }
      if (!seen.add(f)) {
        throw new IllegalArgumentException("key flag '" + f + "' given twice");
      }
      if (ACCESS_FLAGS.contains(f)) {
        access++;
      }
    }
    if (access > 1) {
      throw new IllegalArgumentException("more than one of RO, RW, OW, RM in '" + text + "'");
    }
    return flags;
  }

  private static int number(String text, String context) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' in '" + context + "' is not a number");
    }
  }

  /**
   * The single spec implied by a legacy (first, last, step) triple, for commands that declare no
   * key specs: read-only commands access their keys, others may update them.
   */
  static KeySpec fromLegacy(int first, int last, int step, boolean readonly) {
    List<String> flags = readonly ? List.of("RO", "access") : List.of("RW", "access", "update");
    int lastKey = last < 0 ? last : last - first;
    return new KeySpec(flags, "index", first, null, "range", lastKey, Math.max(1, step), 0);
  }
}
