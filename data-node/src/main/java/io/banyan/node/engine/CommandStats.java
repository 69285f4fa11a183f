package io.banyan.node.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** Per-command call counts and times for INFO commandstats; command thread only. */
public final class CommandStats {
  /** Counters for one command (or container|subcommand). */
  public static final class Entry {
    public long calls;
    public long micros;
    public long rejectedCalls;
    public long failedCalls;
  }

  private final Map<String, Entry> byName = new LinkedHashMap<>();

  public Entry of(String name) {
    return byName.computeIfAbsent(name, n -> new Entry());
  }

  public Map<String, Entry> all() {
    return byName;
  }

  public void reset() {
    byName.clear();
  }
}
