package io.banyan.operator.failover;

import java.util.Map;
import java.util.Set;

/**
 * What the caller knows about the pods beyond the data nodes' own reports: the address each node is
 * reached at (as given to REPLICAOF and reported back as {@code master_host:master_port}) and which
 * pods carry {@code banyan.io/role=master}.
 *
 * @param addressByNode node → {@code host:port}; a node without an address (no pod IP) is absent
 * @param labeledMaster nodes whose pod is labeled master now
 */
public record PodFacts(Map<String, String> addressByNode, Set<String> labeledMaster) {
  public PodFacts {
    addressByNode = Map.copyOf(addressByNode);
    labeledMaster = Set.copyOf(labeledMaster);
  }

  /** The node's address, or null when unknown. */
  public String address(String node) {
    return addressByNode.get(node);
  }
}
