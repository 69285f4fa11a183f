package io.banyan.operator.model;

/**
 * Names of the Kubernetes objects of a cluster {@code <c>} and its nodes {@code <n>} (DesiredTree
 * node names). One place, so the model, the reconciler and tests cannot drift apart.
 */
public final class ObjectNames {
  /** The ConfigMap key holding the rendered data-node configuration. */
  public static final String CONFIG_KEY = "banyan.conf";

  private ObjectNames() {}

  /** Pod {@code <c>-<n>}. */
  public static String pod(String cluster, String node) {
    return cluster + "-" + node;
  }

  /** PersistentVolumeClaim {@code <c>-<n>-data}. */
  public static String pvc(String cluster, String node) {
    return pod(cluster, node) + "-data";
  }

  /** ConfigMap {@code <c>-config}. */
  public static String config(String cluster) {
    return cluster + "-config";
  }

  /**
   * Secret {@code <c>-auth}: the default user's password the operator generates when {@code
   * spec.auth.secretName} names none. Created once, never overwritten.
   */
  public static String generatedAuth(String cluster) {
    return cluster + "-auth";
  }

  /**
   * Secret {@code <c>-acl}: the aclfile the nodes load (users and password hashes only), rendered
   * by the operator.
   */
  public static String aclFile(String cluster) {
    return cluster + "-acl";
  }

  /**
   * Secret {@code <c>-operator-credentials}: the generated passwords of the operator's own users
   * ({@code banyan-operator}, {@code banyan-replication}); the replication user's one is also what
   * the nodes read as {@code masterauth}.
   */
  public static String operatorCredentials(String cluster) {
    return cluster + "-operator-credentials";
  }

  /** Service {@code <c>-rw}: the current master. */
  public static String readWriteService(String cluster) {
    return cluster + "-rw";
  }

  /** Service {@code <c>-ro}: all replicas. */
  public static String readOnlyService(String cluster) {
    return cluster + "-ro";
  }

  /** Service {@code <c>-ro-<zone>}: the replicas of one zone. */
  public static String zoneReadOnlyService(String cluster, String zone) {
    return readOnlyService(cluster) + "-" + zone;
  }

  /** Headless Service {@code <c>-nodes}: every node, ready or not. */
  public static String headlessService(String cluster) {
    return cluster + "-nodes";
  }

  /** PodDisruptionBudget {@code <c>}. */
  public static String disruptionBudget(String cluster) {
    return cluster;
  }
}
