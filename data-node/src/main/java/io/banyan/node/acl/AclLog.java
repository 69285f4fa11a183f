package io.banyan.node.acl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * ACL LOG: recent refusals (commands, keys, channels, failed AUTHs), newest first, at most
 * acllog-max-len entries. A refusal like one of the last ten (same reason, context, object and
 * user, within a minute) bumps that entry's count instead of adding one, so a client retrying in a
 * loop cannot flush the log.
 *
 * <p>Command-execution thread only.
 */
public final class AclLog {
  private static final long GROUPING_MS = 60_000;
  private static final int SCAN_FOR_DUPLICATES = 10;

  /** One entry; mutable because a repeat of the same refusal updates it. */
  public static final class Entry {
    long count = 1;
    final Denial.Reason reason;
    final String context;
    final byte[] object;
    final String username;
    long timeMs;
    String clientInfo;

    Entry(Denial.Reason reason, String context, byte[] object, String username, long timeMs) {
      this.reason = reason;
      this.context = context;
      this.object = object;
      this.username = username;
      this.timeMs = timeMs;
    }

    public long count() {
      return count;
    }

    public String reason() {
      return reason.logName();
    }

    public String context() {
      return context;
    }

    public byte[] object() {
      return object;
    }

    public String username() {
      return username;
    }

    public long timeMs() {
      return timeMs;
    }

    public String clientInfo() {
      return clientInfo;
    }

    private boolean sameAs(Entry e) {
      return reason == e.reason
          && context.equals(e.context)
          && Math.abs(timeMs - e.timeMs) <= GROUPING_MS
          && java.util.Arrays.equals(object, e.object)
          && username.equals(e.username);
    }
  }

  private final LinkedList<Entry> entries = new LinkedList<>();

  /** How a client is described in an entry: its CLIENT LIST line, installed by the assembly. */
  private java.util.function.Function<io.banyan.node.client.Client, String> describer =
      c -> "id=" + c.id();

  public void describeClientsWith(
      java.util.function.Function<io.banyan.node.client.Client, String> describer) {
    this.describer = describer;
  }

  /** Records a refusal of the client's request; see {@link #add}. */
  public void add(
      io.banyan.node.client.Client c,
      Denial.Reason reason,
      String context,
      byte[] object,
      String username,
      long maxLen) {
    add(reason, context, object, username, describer.apply(c), System.currentTimeMillis(), maxLen);
  }

  /**
   * Records a refusal.
   *
   * @param context {@code toplevel} or {@code multi}
   * @param object the command name, key, channel, or for a failed AUTH the command (AUTH/HELLO)
   * @param maxLen acllog-max-len
   */
  public void add(
      Denial.Reason reason,
      String context,
      byte[] object,
      String username,
      String clientInfo,
      long nowMs,
      long maxLen) {
    Entry e = new Entry(reason, context, object, username, nowMs);
    e.clientInfo = clientInfo;
    int scanned = 0;
    for (Iterator<Entry> it = entries.iterator(); it.hasNext() && scanned < SCAN_FOR_DUPLICATES; ) {
      Entry current = it.next();
      scanned++;
      if (current.sameAs(e)) {
        it.remove();
        current.count++;
        current.timeMs = nowMs;
        current.clientInfo = clientInfo;
        entries.addFirst(current);
        return;
      }
    }
    entries.addFirst(e);
    trim(maxLen);
  }

  /** Drops the oldest entries beyond the limit (also when acllog-max-len shrinks). */
  public void trim(long maxLen) {
    while (entries.size() > maxLen) {
      entries.removeLast();
    }
  }

  public void reset() {
    entries.clear();
  }

  /** The newest entries, at most count. */
  public List<Entry> newest(long count) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (out.size() >= count) {
        break;
      }
      out.add(e);
    }
    return out;
  }
}
