package io.banyan.operator.observe;

import io.banyan.operator.node.Credentials;
import io.banyan.operator.node.NodeAdmin;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.node.NodeErrorReply;
import io.banyan.operator.node.TlsHandshakeException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Probes every node of a cluster at once (one virtual thread per node), so a cluster's probe takes
 * one timeout at worst however many nodes are frozen or gone.
 */
public final class ClusterObserver {
  /**
   * What one probe of every node saw.
   *
   * @param nodes each node's observation, in the order asked
   * @param authRejected the nodes that refused the password ({@code NOAUTH}, {@code WRONGPASS}):
   *     the password the operator holds is no longer the nodes' one
   * @param tlsFailures the nodes whose TLS handshake failed, with the reason: reported unreachable
   *     in {@code nodes}, but a certificate problem, not a sign that the node is down
   */
  public record Probes(
      Map<String, NodeObservation> nodes,
      Set<String> authRejected,
      Map<String, Credentials> accepted,
      Map<String, String> tlsFailures) {
    /** The password {@code node} accepted (empty: none needed); null when it accepted none. */
    public Optional<String> acceptedBy(String node) {
      Credentials c = accepted.get(node);
      return c == null ? null : Optional.ofNullable(c.password());
    }
  }

  private final NodeConnector connector;

  public ClusterObserver(NodeConnector connector) {
    this.connector = connector;
  }

  /**
   * Observes {@code nodes}; {@code addresses} maps a node to its pod IP, absent (or null) when the
   * node has no pod or no IP yet, in which case it counts as unreachable without a probe. A node
   * given an address without an existing pod (its pod's last address) is probed there and, if it
   * answers, reported reachable with {@code podExists} false.
   *
   * @param podExists the nodes whose pod exists, whether or not it has an IP
   */
  public Probes observe(
      List<String> nodes, Map<String, String> addresses, Set<String> podExists, String password) {
    return observe(nodes, addresses, podExists, Collections.singletonList(password));
  }

  /**
   * As {@link #observe(List, Map, Set, String)}, trying {@code passwords} in order on each node
   * until one is accepted: during a rotation the Secret already holds the new password while nodes
   * started before the change still want the old one (null in the list: no AUTH).
   */
  public Probes observe(
      List<String> nodes,
      Map<String, String> addresses,
      Set<String> podExists,
      List<String> passwords) {
    List<Credentials> credentials = new java.util.ArrayList<>();
    passwords.forEach(p -> credentials.add(Credentials.of(p)));
    return observeAs(nodes, addresses, podExists, credentials);
  }

  /**
   * As {@link #observe(List, Map, Set, List)} with users: the operator's own user first, the
   * default user as the fallback for nodes that do not have it yet (started before it existed).
   */
  public Probes observeAs(
      List<String> nodes,
      Map<String, String> addresses,
      Set<String> podExists,
      List<Credentials> passwords) {
    Map<String, Future<NodeObservation>> probes = new LinkedHashMap<>();
    Set<String> authRejected = ConcurrentHashMap.newKeySet();
    Map<String, Credentials> accepted = new ConcurrentHashMap<>();
    Map<String, String> tlsFailures = new ConcurrentHashMap<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String node : nodes) {
        String ip = addresses.get(node);
        boolean exists = podExists.contains(node);
        probes.put(
            node,
            executor.submit(
                () -> probe(node, ip, exists, passwords, authRejected, accepted, tlsFailures)));
      }
      Map<String, NodeObservation> result = new LinkedHashMap<>();
      for (var e : probes.entrySet()) {
        result.put(e.getKey(), e.getValue().get());
      }
      return new Probes(
          result, Set.copyOf(authRejected), Map.copyOf(accepted), Map.copyOf(tlsFailures));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing nodes", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a probe failed unexpectedly", e.getCause());
    }
  }

  private NodeObservation probe(
      String node,
      String ip,
      boolean podExists,
      List<Credentials> passwords,
      Set<String> authRejected,
      Map<String, Credentials> accepted,
      Map<String, String> tlsFailures) {
    if (ip == null) {
      return NodeObservation.unreachable(node, podExists);
    }
    for (Credentials password : passwords) {
      try (NodeAdmin admin = connector.connectAs(ip, NodeConnector.PORT, password)) {
        NodeObservation o = InfoReplication.parse(node, admin.infoReplication());
        accepted.put(node, password);
        return podExists ? o : o.withoutPod();
      } catch (NodeErrorReply e) {
        if (needsNoPassword(e)) {
          continue; // a node without any password: the list ends with no AUTH at all
        }
        if (!isAuthError(e)) {
          return NodeObservation.unreachable(node, podExists);
        }
        // refused: try the next password
      } catch (TlsHandshakeException e) {
        tlsFailures.put(node, e.getMessage());
        return NodeObservation.unreachable(node, podExists);
      } catch (Exception e) {
        return NodeObservation.unreachable(node, podExists);
      }
    }
    authRejected.add(node);
    return NodeObservation.unreachable(node, podExists);
  }

  /** Redis's reply to AUTH on a node whose default user needs no password. */
  static boolean needsNoPassword(NodeErrorReply e) {
    return e.code().equals("ERR") && e.getMessage().contains("without any password configured");
  }

  /** Redis's replies to a missing ({@code NOAUTH}) or wrong ({@code WRONGPASS}) password. */
  static boolean isAuthError(NodeErrorReply e) {
    return e.code().equals("NOAUTH") || e.code().equals("WRONGPASS");
  }
}
