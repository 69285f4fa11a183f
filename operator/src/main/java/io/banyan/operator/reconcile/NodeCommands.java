package io.banyan.operator.reconcile;

import io.banyan.operator.node.Credentials;
import io.banyan.operator.node.NodeAdmin;
import io.banyan.operator.node.NodeConnector;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * Sends administrative commands to nodes by name, resolving names to pod IPs. Failures are
 * returned, not thrown: a node that cannot be told now is told again on the next round.
 */
public final class NodeCommands {
  /** One command to run against an open session. */
  @FunctionalInterface
  public interface Command {
    void run(NodeAdmin admin) throws IOException;
  }

  private final NodeConnector connector;
  private final Map<String, String> addresses;
  private final Function<String, Credentials> credentialsOf;

  public NodeCommands(NodeConnector connector, Map<String, String> addresses, String password) {
    this(connector, addresses, Credentials.of(password));
  }

  public NodeCommands(
      NodeConnector connector, Map<String, String> addresses, Credentials credentials) {
    this(connector, addresses, node -> credentials);
  }

  private NodeCommands(
      NodeConnector connector,
      Map<String, String> addresses,
      Function<String, Credentials> credentialsOf) {
    this.connector = connector;
    this.addresses = addresses;
    this.credentialsOf = credentialsOf;
  }

  /**
   * @param credentialsOf what each node accepted on the last probe (a node started before the
   *     operator's own user existed only knows the default user)
   */
  public static NodeCommands perNode(
      NodeConnector connector,
      Map<String, String> addresses,
      Function<String, Credentials> credentialsOf) {
    return new NodeCommands(connector, addresses, credentialsOf);
  }

  /** Runs {@code command} on {@code node}; returns null on success, else the error text. */
  public String run(String node, Command command) {
    String ip = addresses.get(node);
    if (ip == null) {
      return node + " has no pod IP";
    }
    try (NodeAdmin admin = connector.connectAs(ip, NodeConnector.PORT, credentialsOf.apply(node))) {
      command.run(admin);
      return null;
    } catch (IOException e) {
      return node + ": " + e.getMessage();
    }
  }

  /** The pod IP of {@code node}, or null. */
  public String address(String node) {
    return addresses.get(node);
  }
}
