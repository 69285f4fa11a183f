package io.banyan.operator.model;

import io.banyan.operator.model.DesiredTree.InitialRole;
import io.banyan.operator.model.DesiredTree.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Label keys and values on the cluster's objects, and the selectors built from them. The role label
 * is not set at creation: the reconciler sets it from the role it observes, so Services follow the
 * live master rather than the initial one.
 */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String CLUSTER = "banyan.io/cluster";
  public static final String NODE = "banyan.io/node";
  public static final String ZONE = "banyan.io/zone";
  public static final String ROLE = "banyan.io/role";

  /** Present (value {@code "true"}) on pods that may become master: the master and its backups. */
  public static final String MASTER_ELIGIBLE = "banyan.io/master-eligible";

  public static final String NAME_VALUE = "banyan-node";
  public static final String MANAGED_BY_VALUE = "banyan-operator";
  public static final String ROLE_MASTER = "master";
  public static final String ROLE_REPLICA = "replica";
  public static final String TRUE = "true";

  private Labels() {}

  /** Labels every object of the cluster carries. */
  public static Map<String, String> cluster(String cluster) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, NAME_VALUE);
    labels.put(INSTANCE, cluster);
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(CLUSTER, cluster);
    return labels;
  }

  /** Labels of a node's PVC: the cluster's, plus node and zone. */
  public static Map<String, String> node(String cluster, Node node) {
    Map<String, String> labels = cluster(cluster);
    labels.put(NODE, node.name());
    labels.put(ZONE, node.zone());
    return labels;
  }

  /**
   * Labels of a node's Pod at creation: the user's {@code spec.podTemplate.labels} (which may not
   * use the operator's keys), {@link #node}, and {@link #MASTER_ELIGIBLE} on the master and its
   * backups (the anti-affinity selects on it). No role label: the reconciler adds it.
   */
  public static Map<String, String> pod(String cluster, Node node, Map<String, String> extra) {
    Map<String, String> labels = new LinkedHashMap<>(extra == null ? Map.of() : extra);
    labels.putAll(node(cluster, node));
    if (isMasterEligible(node)) {
      labels.put(MASTER_ELIGIBLE, TRUE);
    }
    return labels;
  }

  /** The master and its backups; read replicas never become master. */
  public static boolean isMasterEligible(Node node) {
    return node.initialRole() == InitialRole.MASTER
        || node.initialRole() == InitialRole.MASTER_BACKUP;
  }

  /** Selects every pod of the cluster. */
  public static Map<String, String> selectCluster(String cluster) {
    return Map.of(INSTANCE, cluster);
  }

  /** Selects the pod whose live role label is master. */
  public static Map<String, String> selectMaster(String cluster) {
    return Map.of(INSTANCE, cluster, ROLE, ROLE_MASTER);
  }

  /** Selects the pods whose live role label is replica. */
  public static Map<String, String> selectReplicas(String cluster) {
    return Map.of(INSTANCE, cluster, ROLE, ROLE_REPLICA);
  }

  /** Selects the replicas of one zone. */
  public static Map<String, String> selectZoneReplicas(String cluster, String zone) {
    return Map.of(INSTANCE, cluster, ROLE, ROLE_REPLICA, ZONE, zone);
  }

  /** Selects every pod of one zone of the cluster. */
  public static Map<String, String> selectZone(String cluster, String zone) {
    return Map.of(INSTANCE, cluster, ZONE, zone);
  }

  /** Selects the master-eligible pods of the cluster. */
  public static Map<String, String> selectMasterEligible(String cluster) {
    return Map.of(INSTANCE, cluster, MASTER_ELIGIBLE, TRUE);
  }
}
