package io.banyan.operator.observe;

import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the text of {@code INFO replication} (with the server section's {@code run_id}, when the
 * probe asked for it) into a {@link NodeObservation}. Pure.
 */
public final class InfoReplication {
  private InfoReplication() {}

  /** Parses {@code info} as reported by the node named {@code node}. */
  public static NodeObservation parse(String node, String info) {
    Map<String, String> f = fields(info);
    boolean master = "master".equals(f.get("role"));
    Role role = master ? Role.MASTER : "slave".equals(f.get("role")) ? Role.REPLICA : Role.UNKNOWN;
    String masterAddress = null;
    Link link = Link.NONE;
    long linkDownMillis = 0;
    long masterSilentMillis = -1;
    long offset = number(f, "master_repl_offset");
    if (role == Role.REPLICA) {
      String host = f.get("master_host");
      masterAddress =
          host == null ? null : NodeConnector.hostPort(host, portOf(f.get("master_port")));
      boolean up = "up".equals(f.get("master_link_status"));
      boolean syncing = "1".equals(f.get("master_sync_in_progress"));
      link = up ? Link.UP : syncing ? Link.SYNCING : Link.DOWN;
      long downSeconds = number(f, "master_link_down_since_seconds");
      linkDownMillis = up || downSeconds < 0 ? 0 : downSeconds * 1000;
      offset = number(f, "slave_repl_offset");
      masterSilentMillis = masterSilence(f, up, linkDownMillis);
    }
    return NodeObservation.of(node)
        .role(role)
        .fenced("1".equals(f.get("banyan_fenced")))
        .epoch(Math.max(0, number(f, "banyan_epoch")))
        .masterAddress(masterAddress)
        .link(link)
        .linkDownMillis(linkDownMillis)
        .offset(offset)
        .replid(f.get("master_replid"))
        .connectedReplicas((int) Math.max(0, number(f, "connected_slaves")))
        .masterSilentMillis(masterSilentMillis)
        .runId(f.get("run_id"))
        .build();
  }

  /**
   * How long the replica has not heard from its master: Banyan's millisecond field; from a node
   * without it, Redis's whole seconds while the link is up and the link's downtime after (which
   * starts only when repl-timeout closed the link, so it understates the silence: conservative).
   */
  private static long masterSilence(Map<String, String> f, boolean up, long linkDownMillis) {
    if (f.containsKey("banyan_master_last_io_ms")) {
      return number(f, "banyan_master_last_io_ms");
    }
    if (up) {
      long seconds = number(f, "master_last_io_seconds_ago");
      return seconds < 0 ? -1 : seconds * 1000;
    }
    return f.containsKey("master_link_down_since_seconds") ? linkDownMillis : -1;
  }

  private static Map<String, String> fields(String info) {
    Map<String, String> fields = new HashMap<>();
    for (String line : info.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }

  private static int portOf(String port) {
    try {
      return Integer.parseInt(port);
    } catch (NumberFormatException e) {
      return -1; // unparsable: the address then matches no node, as it should
    }
  }

  private static long number(Map<String, String> f, String key) {
    String v = f.get(key);
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
