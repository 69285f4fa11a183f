package io.banyan.operator.node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens {@link NodeAdmin} sessions to data nodes: one short connection per session, authenticated
 * when the cluster has a password, every read bounded by {@code timeoutMillis}.
 */
public final class NodeConnector {
  /** The data node's port (the container port named {@code redis}, rendered into its config). */
  public static final int PORT = io.banyan.operator.model.ConfigRenderer.PORT;

  private final int timeoutMillis;

  /**
   * How to speak TLS to a node: the cluster's trust, and the DNS name its certificate must carry;
   * {@code trust} null when it cannot be built ({@code error} says why): the node is then not
   * spoken to at all, never in plaintext.
   */
  public record NodeTls(TlsTrust trust, String hostName, String error) {}

  /** Per cluster, the TLS of each pod IP that serves TLS; a pod IP not listed speaks plaintext. */
  private final Map<String, Map<String, NodeTls>> tlsByCluster = new ConcurrentHashMap<>();

  public NodeConnector(int timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Sets which of a cluster's pod IPs speak TLS and how (replacing the cluster's previous map). The
   * operator decides by each pod's spec, not the StoreCluster's: while TLS is switched on or off,
   * pods started before the change still speak the old way until the rolling update replaces them.
   */
  public void useTls(String cluster, Map<String, NodeTls> byAddress) {
    if (byAddress.isEmpty()) {
      tlsByCluster.remove(cluster);
    } else {
      tlsByCluster.put(cluster, Map.copyOf(byAddress));
    }
  }

  private NodeTls tlsOf(String host) {
    for (Map<String, NodeTls> cluster : tlsByCluster.values()) {
      NodeTls tls = cluster.get(host);
      if (tls != null) {
        return tls;
      }
    }
    return null;
  }

  /**
   * {@code ip:port} of a node ({@code [ip]:port} for IPv6): how the operator matches a replica's
   * master (INFO's {@code master_host}/{@code master_port}) and how status shows addresses.
   */
  public static String address(String ip) {
    return hostPort(ip, PORT);
  }

  /**
   * {@code host:port}, with an IPv6 literal in brackets ({@code [fd00::1]:6379}) so the port stays
   * unambiguous. Commands that take host and port as separate arguments (REPLICAOF, FAILOVER TO)
   * get the bare address instead, as Redis expects.
   */
  public static String hostPort(String host, int port) {
    boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
    return (ipv6 ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * A socket to {@code host:port}, in TLS when the pod there serves TLS ({@link #useTls}), every
   * read bounded by {@code timeoutMillis}: for clients of the node other than {@link NodeAdmin}
   * (the backups' replication client).
   */
  public java.net.Socket openSocket(String host, int port, int timeoutMillis) throws IOException {
    return RespConnection.open(host, port, timeoutMillis, tlsOf(host));
  }

  /** Connects to {@code host:port} as the default user; {@code password} may be null (no AUTH). */
  public NodeAdmin connect(String host, int port, String password) throws IOException {
    return connectAs(host, port, Credentials.of(password));
  }

  /** Connects to {@code host:port} and authenticates as {@code credentials} say. */
  public NodeAdmin connectAs(String host, int port, Credentials credentials) throws IOException {
    RespConnection connection = new RespConnection(openSocket(host, port, timeoutMillis));
    try {
      if (credentials.password() != null && credentials.user() != null) {
        connection.call("AUTH", credentials.user(), credentials.password());
      } else if (credentials.password() != null) {
        connection.call("AUTH", credentials.password());
      }
    } catch (IOException e) {
      connection.close();
      throw e;
    }
    return new RespNodeAdmin(connection);
  }

  private record RespNodeAdmin(RespConnection connection) implements NodeAdmin {
    @Override
    public String infoReplication() throws IOException {
      return (String) connection.call("INFO", "server", "replication");
    }

    @Override
    public void replicaOf(String host, int port) throws IOException {
      connection.call("REPLICAOF", host, Integer.toString(port));
    }

    @Override
    public void promote() throws IOException {
      connection.call("REPLICAOF", "NO", "ONE");
    }

    @Override
    public void promote(long epoch) throws IOException {
      try {
        connection.call("BANYAN", "PROMOTE", Long.toString(epoch));
      } catch (NodeErrorReply e) {
        if (!e.code().equals("ERR") || !e.getMessage().toLowerCase().contains("unknown")) {
          throw e;
        }
        // An image without PROMOTE: ADMIT first (it refuses a stale epoch before anything
        // changes), then become master; both are idempotent.
        admit(epoch);
        promote();
      }
    }

    @Override
    public void fence(long epoch) throws IOException {
      connection.call("BANYAN", "FENCE", Long.toString(epoch));
    }

    @Override
    public void admit(long epoch) throws IOException {
      connection.call("BANYAN", "ADMIT", Long.toString(epoch));
    }

    @Override
    public void failoverTo(String host, int port, long timeoutMillis) throws IOException {
      connection.call(
          List.of("FAILOVER", "TO", host, Integer.toString(port), "TIMEOUT", "" + timeoutMillis)
              .toArray(String[]::new));
    }

    @Override
    public void configSet(String name, String value) throws IOException {
      connection.call("CONFIG", "SET", name, value);
    }

    @Override
    public Map<String, String> configGet(Collection<String> names) throws IOException {
      List<String> args = new ArrayList<>(List.of("CONFIG", "GET"));
      args.addAll(names);
      Map<String, String> values = new HashMap<>();
      if (connection.call(args.toArray(String[]::new)) instanceof List<?> reply) {
        for (int i = 0; i + 1 < reply.size(); i += 2) {
          values.put(String.valueOf(reply.get(i)), String.valueOf(reply.get(i + 1)));
        }
      }
      return values;
    }

    @Override
    public java.util.Set<String> aclPasswordHashes(String user) throws IOException {
      Object reply = connection.call("ACL", "GETUSER", user);
      if (!(reply instanceof List<?> fields)) {
        return null; // nil: no such user
      }
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("passwords".equals(String.valueOf(fields.get(i)))
            && fields.get(i + 1) instanceof List<?> hashes) {
          java.util.Set<String> out = new java.util.TreeSet<>();
          hashes.forEach(h -> out.add(String.valueOf(h)));
          return out;
        }
      }
      return java.util.Set.of();
    }

    @Override
    public void aclSetUser(String user, List<String> rules) throws IOException {
      List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", user));
      args.addAll(rules);
      connection.call(args.toArray(String[]::new));
    }

    @Override
    public void aclDelUser(String user) throws IOException {
      connection.call("ACL", "DELUSER", user);
    }

    @Override
    public List<String> aclUsers() throws IOException {
      List<String> users = new ArrayList<>();
      if (!(connection.call("ACL", "USERS") instanceof List<?> reply)) {
        throw new IOException("ACL USERS did not answer a list of users: the node has no ACL");
      }
      reply.forEach(u -> users.add(String.valueOf(u)));
      return users;
    }

    @Override
    public void close() {
      connection.close();
    }
  }
}
