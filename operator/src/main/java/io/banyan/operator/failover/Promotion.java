package io.banyan.operator.failover;

/**
 * A decided promotion: what the operator records in status (I5) before telling any node.
 *
 * @param from the master being replaced (failed, or the current master of a switchover)
 * @param target the node to promote
 * @param epoch the new failover epoch: max(status epoch, epochs the nodes report) + 1
 * @param reason why
 * @param message a sentence for events and status
 * @param catchUpFrom node the target first replicates from until it reaches {@code requiredOffset};
 *     null when the target is already the furthest (I4)
 * @param requiredOffset the offset the target must have before it is promoted
 * @param plan who replicates from whom after the promotion
 */
public record Promotion(
    String from,
    String target,
    long epoch,
    FailoverReason reason,
    String message,
    String catchUpFrom,
    long requiredOffset,
    ReparentPlan plan) {

  public boolean switchover() {
    return reason.planned();
  }
}
