package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The downward API's {@code resourceFieldRef}, as the kubelet resolves it for an environment
 * variable: a container's {@code limits.*} or {@code requests.*} for cpu, memory or
 * ephemeral-storage, divided by the divisor (default 1) and rounded <em>up</em> to an integer. A
 * limit the container does not set resolves to the node's allocatable amount (Kubernetes documents
 * this for cpu and memory: the kubelet merges node allocatable into unset limits before it resolves
 * the reference); a request it does not set resolves to its limit when one is set (API defaulting
 * copies limits into missing requests), else 0.
 */
final class ResourceFieldRefs {
  private ResourceFieldRefs() {}

  /**
   * The value of {@code ref} for {@code pod}; {@code allocatable} is the node's allocatable
   * resources by name ({@code memory}, {@code cpu}, ...).
   */
  static String resolve(Pod pod, ResourceFieldSelector ref, Map<String, Quantity> allocatable) {
    Container container = container(pod, ref.getContainerName());
    String resource = ref.getResource();
    int dot = resource.indexOf('.');
    if (dot < 0) {
      throw new IllegalStateException("unsupported resourceFieldRef resource " + resource);
    }
    String kind = resource.substring(0, dot);
    String name = resource.substring(dot + 1);
    if (!name.equals("cpu") && !name.equals("memory") && !name.equals("ephemeral-storage")) {
      throw new IllegalStateException("unsupported resourceFieldRef resource " + resource);
    }
    Map<String, Quantity> limits =
        container.getResources() == null ? null : container.getResources().getLimits();
    Map<String, Quantity> requests =
        container.getResources() == null ? null : container.getResources().getRequests();
    Quantity limit = limits == null ? null : limits.get(name);
    Quantity value =
        switch (kind) {
          case "limits" -> limit != null ? limit : allocatable.get(name);
          case "requests" -> {
            Quantity request = requests == null ? null : requests.get(name);
            yield request != null ? request : limit;
          }
          default ->
              throw new IllegalStateException("unsupported resourceFieldRef resource " + resource);
        };
    if (value == null) {
      if (kind.equals("limits")) {
        throw new IllegalStateException(
            "node allocatable has no " + name + " to stand in for the unset " + resource);
      }
      return "0";
    }
    BigDecimal divisor =
        ref.getDivisor() == null ? BigDecimal.ONE : Quantity.getAmountInBytes(ref.getDivisor());
    if (divisor.signum() <= 0) {
      throw new IllegalStateException("resourceFieldRef divisor must be positive: " + divisor);
    }
    return Quantity.getAmountInBytes(value)
        .divide(divisor, 0, RoundingMode.CEILING)
        .toPlainString();
  }

  private static Container container(Pod pod, String name) {
    if (name == null || name.isEmpty()) {
      return ContainerLaunch.container(pod);
    }
    return pod.getSpec().getContainers().stream()
        .filter(c -> name.equals(c.getName()))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("resourceFieldRef names no container " + name));
  }
}
