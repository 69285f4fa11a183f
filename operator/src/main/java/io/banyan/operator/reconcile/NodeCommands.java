package io.banyan.operator.reconcile;

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
  private final Function<String, String> passwordOf;

  public NodeCommands(NodeConnector connector, Map<String, String> addresses, String password) {
    this(connector, addresses, node -> password);
  }

  /**
   * @param passwordOf the password each node accepted on the last probe (during a rotation some
   *     still want the previous one)
   */
  public NodeCommands(
      NodeConnector connector, Map<String, String> addresses, Function<String, String> passwordOf) {
    this.connector = connector;
    this.addresses = addresses;
    this.passwordOf = passwordOf;
  }

  /** Runs {@code command} on {@code node}; returns null on success, else the error text. */
  public String run(String node, Command command) {
    String ip = addresses.get(node);
    if (ip == null) {
      return node + " has no pod IP";
    }
    try (NodeAdmin admin = connector.connect(ip, NodeConnector.PORT, passwordOf.apply(node))) {
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
