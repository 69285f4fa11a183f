package io.banyan.node.engine;

import java.util.ArrayDeque;
import java.util.Deque;

/** The SLOWLOG ring: commands slower than slowlog-log-slower-than, newest first. */
public final class SlowLog {
  /** One slow command. Arguments are already truncated as Redis does (32 args, 128 bytes each). */
  public record Entry(
      long id,
      long unixSeconds,
      long micros,
      byte[][] argv,
      String clientAddress,
      String clientName) {}

  private final Deque<Entry> entries = new ArrayDeque<>();
  private long nextId;

  public void add(long micros, byte[][] argv, String address, String name, int maxLen) {
    int argc = Math.min(argv.length, 32);
    byte[][] kept = new byte[argc][];
    for (int i = 0; i < argc; i++) {
      if (i == 31 && argv.length > 32) {
        kept[i] =
            ("... (" + (argv.length - 31) + " more arguments)")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      } else if (argv[i].length > 128) {
        byte[] cut = java.util.Arrays.copyOf(argv[i], 128);
        String more = "... (" + (argv[i].length - 128) + " more bytes)";
        byte[] suffix = more.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] joined = java.util.Arrays.copyOf(cut, cut.length + suffix.length);
        System.arraycopy(suffix, 0, joined, cut.length, suffix.length);
        kept[i] = joined;
      } else {
        kept[i] = argv[i];
      }
    }
    entries.addFirst(
        new Entry(
            nextId++,
            System.currentTimeMillis() / 1000,
            micros,
            kept,
            address,
            name == null ? "" : name));
    trim(maxLen);
  }

  public void trim(int maxLen) {
    while (entries.size() > Math.max(0, maxLen)) {
      entries.removeLast();
    }
  }

  public Iterable<Entry> newestFirst() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  public void reset() {
    entries.clear();
  }
}
