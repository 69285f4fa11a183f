package io.banyan.node.command.server;

import java.util.ArrayList;
import java.util.List;

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

  public boolean has(String flag) {
    return flags.contains(flag);
  }

  /**
   * Parses the compact form used by {@link KeySpecTable}: {@code flags|begin|find} where begin is
   * {@code i<index>}, {@code w<KEYWORD>,<startfrom>} or {@code u}, and find is {@code
   * r<lastkey>,<step>,<limit>}, {@code k<keynumidx>,<firstkey>,<step>} or {@code u}. Several specs
   * are separated by {@code ;}.
   */
  static List<KeySpec> parseAll(String text) {
    List<KeySpec> out = new ArrayList<>();
    for (String part : text.split(";")) {
      out.add(parse(part.trim()));
    }
    return List.copyOf(out);
  }

  private static KeySpec parse(String s) {
    String[] p = s.split("\\|");
    List<String> flags = List.of(p[0].trim().split(" "));
    String beginType;
    int index = 0;
    String keyword = null;
    switch (p[1].charAt(0)) {
      case 'i' -> {
        beginType = "index";
        index = Integer.parseInt(p[1].substring(1));
      }
      case 'w' -> {
        beginType = "keyword";
        String[] kw = p[1].substring(1).split(",");
        keyword = kw[0];
        index = Integer.parseInt(kw[1]);
      }
      default -> beginType = "unknown";
    }
    String findType;
    int[] n = {0, 0, 0};
    switch (p[2].charAt(0)) {
      case 'r' -> findType = "range";
      case 'k' -> findType = "keynum";
      default -> findType = "unknown";
    }
    if (!findType.equals("unknown")) {
      String[] nums = p[2].substring(1).split(",");
      for (int i = 0; i < 3; i++) {
        n[i] = Integer.parseInt(nums[i]);
      }
    }
    return new KeySpec(flags, beginType, index, keyword, findType, n[0], n[1], n[2]);
  }

  /**
   * The single spec implied by a legacy (first, last, step) triple, for commands missing from the
   * table: read-only commands access their keys, others may update them.
   */
  static KeySpec fromLegacy(int first, int last, int step, boolean readonly) {
    List<String> flags = readonly ? List.of("RO", "access") : List.of("RW", "access", "update");
    int lastKey = last < 0 ? last : last - first;
    return new KeySpec(flags, "index", first, null, "range", lastKey, Math.max(1, step), 0);
  }
}
