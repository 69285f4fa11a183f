package io.banyan.node.engine;

import io.banyan.node.client.Client;
import java.util.ArrayList;
import java.util.List;

/** Clients in MONITOR mode and the feed of executed commands they receive. */
public final class MonitorFeed {
  private final List<Client> monitors = new ArrayList<>();

  public boolean active() {
    return !monitors.isEmpty();
  }

  public void add(Client c) {
    c.setMonitor(true);
    monitors.add(c);
  }

  public void remove(Client c) {
    monitors.remove(c);
  }

  public int size() {
    return monitors.size();
  }

  /**
   * Sends one command line, in Redis's format: {@code +1700000000.123456 [0 127.0.0.1:5000] "set"
   * "k" "v"}.
   */
  void feed(Client source, byte[][] argv) {
    long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
    StringBuilder sb = new StringBuilder(64);
    sb.append(micros / 1_000_000).append('.');
    String frac = Long.toString(micros % 1_000_000);
    sb.append("0".repeat(6 - frac.length())).append(frac);
    sb.append(" [").append(source.db().index()).append(' ');
    sb.append(source.isMaster() ? "lua" : source.remoteAddress()).append(']');
    for (byte[] a : argv) {
      sb.append(' ');
      io.banyan.node.resp.ArgSyntax.appendQuoted(sb, a);
    }
    String line = sb.toString();
    for (Client m : monitors) {
      if (m != source) {
        m.reply().simple(line);
        m.flushSoon();
      }
    }
  }

  /** Snapshot of the monitor clients (for INFO and CLIENT LIST flags). */
  public List<Client> clients() {
    return new ArrayList<>(monitors);
  }
}
