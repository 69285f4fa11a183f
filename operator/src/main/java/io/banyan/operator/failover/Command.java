package io.banyan.operator.failover;

/**
 * One idempotent action on a data node or pod that {@link FailoverSteps#next} asks the caller to
 * perform now. Each may be repeated safely: the data node answers a repeated FENCE/ADMIT at the
 * same epoch and a REPLICAOF to the current master as no-ops.
 */
public sealed interface Command {
  /** The node the command is sent to (or whose pod is patched). */
  String node();

  /** {@code BANYAN FENCE <epoch>} on the node. */
  record Fence(String node, long epoch) implements Command {}

  /** {@code REPLICAOF <address of parent>} on the node. */
  record ReplicaOf(String node, String parent) implements Command {}

  /** Make the node master of {@code epoch}: {@code BANYAN PROMOTE <epoch>}. */
  record Promote(String node, long epoch) implements Command {}

  /**
   * {@code BANYAN ADMIT <epoch>} on a fenced replica chosen as catch-up source: a fenced node
   * refuses replicas, so the target could never catch up from it otherwise. Never sent to a node
   * reporting the master role (admitting one would make it writable).
   */
  record Admit(String node, long epoch) implements Command {}

  /** {@code FAILOVER TO <address of target>} on the current master {@code node}. */
  record FailoverTo(String node, String target) implements Command {}

  /** Label the node's pod {@code banyan.io/role=master} and every other pod {@code replica}. */
  record RelabelMaster(String node) implements Command {}
}
