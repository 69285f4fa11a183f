package io.banyan.operator.chart;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the operator must be allowed to do, per API group and resource, and the verbs a set of RBAC
 * rules actually grants. Kept next to the chart tests so a change to the operator's needs is a
 * change here and in the chart's {@code _helpers.tpl}, reviewed together.
 */
final class OperatorPermissions {
  /** An API group ("" = core) and a resource (possibly a subresource such as pods/status). */
  record Resource(String group, String name) implements Comparable<Resource> {
    @Override
    public int compareTo(Resource other) {
      return (group + "/" + name).compareTo(other.group + "/" + other.name);
    }
  }

  private static final Set<String> CRUD =
      Set.of("get", "list", "watch", "create", "update", "patch", "delete");

  /**
   * Verbs needed on the resources of the watched namespaces (ClusterRole or per-namespace Role).
   */
  static final Map<Resource, Set<String>> STORE =
      Map.ofEntries(
          Map.entry(
              new Resource("banyan.io", "storeclusters"),
              Set.of("get", "list", "watch", "patch", "update")),
          Map.entry(
              new Resource("banyan.io", "storeclusters/status"), Set.of("get", "patch", "update")),
          Map.entry(new Resource("banyan.io", "storeclusters/finalizers"), Set.of("update")),
          Map.entry(
              new Resource("", "pods"),
              Set.of("get", "list", "watch", "create", "delete", "patch", "update")),
          Map.entry(
              new Resource("", "persistentvolumeclaims"),
              Set.of("get", "list", "watch", "create", "delete", "patch")),
          Map.entry(new Resource("", "services"), CRUD),
          Map.entry(new Resource("", "configmaps"), CRUD),
          // The auth secret is read by name only: no list/watch of the namespace's secrets;
          // create/update for the operator's own <cluster>-auth-applied record.
          Map.entry(new Resource("", "secrets"), Set.of("get", "create", "update")),
          Map.entry(new Resource("policy", "poddisruptionbudgets"), CRUD),
          Map.entry(new Resource("", "events"), Set.of("create", "patch")),
          Map.entry(new Resource("events.k8s.io", "events"), Set.of("create", "patch")));

  /** Cluster-scoped read used by the start-up check that the StoreCluster CRD is installed. */
  static final Map<Resource, Set<String>> CRD_CHECK =
      Map.of(
          new Resource("apiextensions.k8s.io", "customresourcedefinitions"), Set.of("get", "list"));

  /**
   * Cluster-scoped read of StorageClasses, when a volume must grow: whether its class allows
   * expansion (GET), which class is the default (LIST). Granted with the CRD read.
   */
  static final Map<Resource, Set<String>> STORAGE_CLASSES =
      Map.of(new Resource("storage.k8s.io", "storageclasses"), Set.of("get", "list"));

  /** Leader election, in the release namespace only. */
  static final Map<Resource, Set<String>> LEADER_ELECTION =
      Map.of(new Resource("coordination.k8s.io", "leases"), Set.of("get", "create", "update"));

  private OperatorPermissions() {}

  /** Union of the verbs the rules grant, per group and resource (wildcards kept literally). */
  static Map<Resource, Set<String>> granted(List<PolicyRule> rules) {
    Map<Resource, Set<String>> granted = new TreeMap<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          granted
              .computeIfAbsent(new Resource(group, resource), r -> new TreeSet<>())
              .addAll(rule.getVerbs());
        }
      }
    }
    return granted;
  }

  @SafeVarargs
  static Map<Resource, Set<String>> union(Map<Resource, Set<String>>... parts) {
    Map<Resource, Set<String>> all = new TreeMap<>();
    for (Map<Resource, Set<String>> part : parts) {
      part.forEach(
          (resource, verbs) -> all.computeIfAbsent(resource, r -> new TreeSet<>()).addAll(verbs));
    }
    return all;
  }

  /** Same map with every verb set sorted, so assertion failures print comparable text. */
  static Map<Resource, Set<String>> sorted(Map<Resource, Set<String>> permissions) {
    return union(permissions);
  }
}
