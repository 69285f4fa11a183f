package io.banyan.local.disruption;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The disruption controller's "expected pods" for a budget given as {@code maxUnavailable} or a
 * percentage {@code minAvailable}: the sum of the scales of the controllers owning the selected
 * pods (each controller once). The scale of a ReplicaSet is its Deployment's when a Deployment
 * controls it; of a StatefulSet, ReplicationController or ReplicaSet, its {@code spec.replicas}; of
 * a custom resource, its {@code /scale} subresource's {@code specReplicasPath} — and a custom
 * resource whose CRD declares no scale subresource is an error ("does not implement the scale
 * subresource"), which the controller turns into zero disruptions allowed. Pods without a
 * controller are "unmanaged" and not counted.
 */
final class ExpectedScale {
  /** The result: the expected count, the unmanaged pods; or why it cannot be computed. */
  record Result(int expected, List<String> unmanaged, String error) {}

  private final KubernetesClient client;

  ExpectedScale(KubernetesClient client) {
    this.client = client;
  }

  Result of(List<Pod> pods) {
    Map<String, Integer> scaleByController = new HashMap<>();
    List<String> unmanaged = new ArrayList<>();
    for (Pod pod : pods) {
      OwnerReference ref = controllerOf(pod.getMetadata().getOwnerReferences());
      if (ref == null) {
        unmanaged.add(pod.getMetadata().getName());
        continue;
      }
      if (scaleByController.containsKey(ref.getUid())) {
        continue;
      }
      String ns = pod.getMetadata().getNamespace();
      try {
        Controller c = find(ref, ns);
        if (c == null) {
          return new Result(
              0, unmanaged, "found no controllers for pod \"" + pod.getMetadata().getName() + "\"");
        }
        scaleByController.put(c.uid(), c.scale());
      } catch (ScaleException e) {
        return new Result(0, unmanaged, e.getMessage());
      }
    }
    int expected = scaleByController.values().stream().mapToInt(Integer::intValue).sum();
    return new Result(expected, unmanaged, null);
  }

  private record Controller(String uid, int scale) {}

  private static final class ScaleException extends Exception {
    private static final long serialVersionUID = 1L;

    ScaleException(String message) {
      super(message);
    }
  }

  private Controller find(OwnerReference ref, String ns) throws ScaleException {
    String group = ref.getApiVersion().contains("/") ? ref.getApiVersion().split("/")[0] : "";
    switch (group + "/" + ref.getKind()) {
      case "apps/ReplicaSet" -> {
        var rs = client.apps().replicaSets().inNamespace(ns).withName(ref.getName()).get();
        if (rs == null || !rs.getMetadata().getUid().equals(ref.getUid())) {
          return null;
        }
        OwnerReference deployment = controllerOf(rs.getMetadata().getOwnerReferences());
        if (deployment != null && "Deployment".equals(deployment.getKind())) {
          var d = client.apps().deployments().inNamespace(ns).withName(deployment.getName()).get();
          if (d != null && d.getMetadata().getUid().equals(deployment.getUid())) {
            return new Controller(d.getMetadata().getUid(), replicas(d.getSpec().getReplicas()));
          }
          return null;
        }
        return new Controller(rs.getMetadata().getUid(), replicas(rs.getSpec().getReplicas()));
      }
      case "apps/StatefulSet" -> {
        var ss = client.apps().statefulSets().inNamespace(ns).withName(ref.getName()).get();
        return ss == null || !ss.getMetadata().getUid().equals(ref.getUid())
            ? null
            : new Controller(ss.getMetadata().getUid(), replicas(ss.getSpec().getReplicas()));
      }
      case "/ReplicationController" -> {
        var rc = client.replicationControllers().inNamespace(ns).withName(ref.getName()).get();
        return rc == null || !rc.getMetadata().getUid().equals(ref.getUid())
            ? null
            : new Controller(rc.getMetadata().getUid(), replicas(rc.getSpec().getReplicas()));
      }
      default -> {
        return custom(ref, group, ns);
      }
    }
  }

  /** A custom resource: through its CRD's scale subresource, as the scale client would. */
  private Controller custom(OwnerReference ref, String group, String ns) throws ScaleException {
    String version =
        ref.getApiVersion().contains("/") ? ref.getApiVersion().split("/")[1] : ref.getApiVersion();
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
            .filter(c -> c.getSpec().getGroup().equals(group))
            .filter(c -> c.getSpec().getNames().getKind().equals(ref.getKind()))
            .findFirst()
            .orElseThrow(() -> noMatchesFor(ref));
    String resource = crd.getSpec().getNames().getPlural() + "." + group;
    CustomResourceDefinitionVersion v =
        crd.getSpec().getVersions().stream()
            .filter(x -> x.getName().equals(version))
            .findFirst()
            .orElseThrow(() -> noMatchesFor(ref));
    if (v.getSubresources() == null || v.getSubresources().getScale() == null) {
      throw new ScaleException(resource + " does not implement the scale subresource");
    }
    GenericKubernetesResource owner =
        client
            .genericKubernetesResources(ref.getApiVersion(), ref.getKind())
            .inNamespace(ns)
            .withName(ref.getName())
            .get();
    if (owner == null || !ref.getUid().equals(owner.getMetadata().getUid())) {
      return null;
    }
    Object value = owner;
    for (String part :
        v.getSubresources()
            .getScale()
            .getSpecReplicasPath()
            .replaceFirst("^\\.", "")
            .split("\\.")) {
      value =
          value instanceof GenericKubernetesResource r
              ? r.getAdditionalProperties().get(part)
              : value instanceof Map<?, ?> m ? m.get(part) : null;
    }
    return new Controller(ref.getUid(), value instanceof Number n ? n.intValue() : 0);
  }

  /** The API server's answer for a kind no CRD serves in the owner reference's version. */
  private static ScaleException noMatchesFor(OwnerReference ref) {
    return new ScaleException(
        "no matches for kind \"" + ref.getKind() + "\" in version \"" + ref.getApiVersion() + "\"");
  }

  static OwnerReference controllerOf(List<OwnerReference> refs) {
    if (refs == null) {
      return null;
    }
    return refs.stream()
        .filter(r -> Boolean.TRUE.equals(r.getController()))
        .findFirst()
        .orElse(null);
  }

  private static int replicas(Integer r) {
    return r == null ? 1 : r;
  }
}
