package io.banyan.operator.failover;

import java.util.Map;
import java.util.Set;

/**
 * What the caller knows about the pods beyond the data nodes' own reports: the address each node is
 * reached at (as given to REPLICAOF and reported back as {@code master_host:master_port}) and which
 * pods carry {@code banyan.io/role=master}, and which are Terminating.
 *
 * @param addressByNode node → {@code host:port}; a node without an address (no pod IP) is absent
 * @param labeledMaster nodes whose pod is labeled master now
 * @param terminating nodes whose pod has a {@code deletionTimestamp}: its process may still serve
 *     until the grace period ends, but the node is on its way out — never promoted, and a master
 *     among them is moved away by a planned switchover while it still answers
 */
public record PodFacts(
    Map<String, String> addressByNode, Set<String> labeledMaster, Set<String> terminating) {
  public PodFacts {
    addressByNode = Map.copyOf(addressByNode);
    labeledMaster = Set.copyOf(labeledMaster);
    terminating = Set.copyOf(terminating);
  }

  /** No pod Terminating. */
  public PodFacts(Map<String, String> addressByNode, Set<String> labeledMaster) {
    this(addressByNode, labeledMaster, Set.of());
  }

  public boolean terminating(String node) {
    return terminating.contains(node);
  }

  /** The node's address, or null when unknown. */
  public String address(String node) {
    return addressByNode.get(node);
  }
}
