package io.banyan.local.proxy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The endpoints controller's job for one Service: the ready pods its selector matches, with the
 * port its (first) service port targets — a number, or a container port name.
 */
final class ServiceEndpoints {
  private ServiceEndpoints() {}

  /** Whether local mode forwards this Service: it has a selector and a cluster IP. */
  static boolean forwarded(Service service) {
    var spec = service.getSpec();
    return spec != null
        && spec.getSelector() != null
        && !spec.getSelector().isEmpty()
        && !"None".equals(spec.getClusterIP())
        && spec.getPorts() != null
        && !spec.getPorts().isEmpty();
  }

  static List<Backend> of(Service service, Collection<Pod> pods) {
    Map<String, String> selector = service.getSpec().getSelector();
    ServicePort port = service.getSpec().getPorts().get(0);
    String namespace = service.getMetadata().getNamespace();
    return pods.stream()
        .filter(p -> Objects.equals(namespace, p.getMetadata().getNamespace()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> matches(selector, p.getMetadata().getLabels()))
        .filter(ServiceEndpoints::ready)
        .map(p -> new Backend(key(p), p.getStatus().getPodIP(), targetPort(port, p)))
        .filter(b -> b.port() > 0)
        .sorted(Comparator.comparing(Backend::pod))
        .toList();
  }

  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    if (labels == null) {
      return false;
    }
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  static boolean ready(Pod pod) {
    var status = pod.getStatus();
    return status != null
        && status.getPodIP() != null
        && status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static int targetPort(ServicePort port, Pod pod) {
    IntOrString target = port.getTargetPort();
    if (target == null) {
      return port.getPort();
    }
    if (target.getIntVal() != null) {
      return target.getIntVal();
    }
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getPorts() == null) {
        continue;
      }
      for (ContainerPort cp : c.getPorts()) {
        if (target.getStrVal().equals(cp.getName())) {
          return cp.getContainerPort();
        }
      }
    }
    return -1;
  }

  private static String key(Pod p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }
}
