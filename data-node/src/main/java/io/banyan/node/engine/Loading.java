package io.banyan.node.engine;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;

/**
 * Whether the node is loading its dataset (start-up load of the AOF or RDB), and how far it got.
 * While loading, the client port is already open: commands without Redis's {@code loading} flag are
 * refused with {@link #ERROR}, the others (INFO, AUTH, HELLO, CONFIG, ...) run as usual, and INFO
 * persistence reports Redis's {@code loading_*} fields.
 *
 * <p>Command-execution thread only, except {@link #active()}, which the HTTP health checks read.
 */
public final class Loading {
  /** Redis's reply to a command refused while loading. */
  public static final String ERROR = "LOADING Redis is loading the dataset in memory";

  private volatile boolean active;
  private long startTimeSeconds;
  private long totalBytes;
  private long loadedBytes;

  /** Starts a load of {@code totalBytes} (0 when unknown, as for a pipe). */
  public void begin(long totalBytes) {
    this.active = true;
    this.startTimeSeconds = System.currentTimeMillis() / 1000;
    this.totalBytes = totalBytes;
    this.loadedBytes = 0;
  }

  /** Records that the data up to {@code bytes} (counted from the start of the load) is loaded. */
  public void progress(long bytes) {
    loadedBytes = bytes;
  }

  /** The load ended (successfully or not). */
  public void end() {
    active = false;
  }

  public boolean active() {
    return active;
  }

  public long loadedBytes() {
    return loadedBytes;
  }

  /**
   * Whether the command is refused while loading: commands without the {@code loading} flag, and
   * EXEC when it queued one (Redis checks the transaction's commands too).
   */
  static boolean refuses(Client c, CommandSpec spec) {
    if (!spec.has(CommandFlag.LOADING)) {
      return true;
    }
    return c.inMulti()
        && Transactions.isExec(spec)
        && Transactions.queuedLacks(c, CommandFlag.LOADING);
  }

  /** The fields INFO persistence adds while loading, computed as Redis 7.0 does. */
  public void writeInfo(InfoRegistry.Fields out) {
    if (!active) {
      return;
    }
    double perc = 0;
    long remaining = 1;
    if (totalBytes > 0) {
      perc = (double) loadedBytes / totalBytes * 100;
      remaining = totalBytes - loadedBytes;
    }
    long elapsed = System.currentTimeMillis() / 1000 - startTimeSeconds;
    long eta = elapsed == 0 ? 1 : elapsed * remaining / (loadedBytes + 1);
    out.add("loading_start_time", startTimeSeconds)
        .add("loading_total_bytes", totalBytes)
        .add("loading_rdb_used_mem", 0)
        .add("loading_loaded_bytes", loadedBytes)
        .add("loading_loaded_perc", perc, 2)
        .add("loading_eta_seconds", eta);
  }
}
