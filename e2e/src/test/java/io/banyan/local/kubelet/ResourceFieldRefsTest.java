package io.banyan.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceFieldSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The downward API's resourceFieldRef, resolved by the rules the kubelet applies. */
class ResourceFieldRefsTest {
  private static final Map<String, Quantity> NODE =
      Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"));

  private static Pod pod(Map<String, Quantity> requests, Map<String, Quantity> limits) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("data-node")
        .withNewResources()
        .withRequests(requests)
        .withLimits(limits)
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  private static ResourceFieldSelector ref(String resource, String divisor) {
    ResourceFieldSelectorBuilder b =
        new ResourceFieldSelectorBuilder().withContainerName("data-node").withResource(resource);
    if (divisor != null) {
      b.withDivisor(new Quantity(divisor));
    }
    return b.build();
  }

  @Test
  void aMemoryLimitResolvesToBytesWithTheDefaultDivisor() {
    Pod p = pod(Map.of(), Map.of("memory", new Quantity("512Mi")));
    assertThat(ResourceFieldRefs.resolve(p, ref("limits.memory", null), NODE))
        .isEqualTo(Long.toString(512L * 1024 * 1024));
    assertThat(ResourceFieldRefs.resolve(p, ref("limits.memory", "1"), NODE))
        .isEqualTo(Long.toString(512L * 1024 * 1024));
  }

  @Test
  void theDivisionRoundsUp() {
    Pod p =
        pod(
            Map.of("cpu", new Quantity("250m")),
            Map.of("memory", new Quantity("1500Ki"), "cpu", new Quantity("1500m")));
    assertThat(ResourceFieldRefs.resolve(p, ref("limits.memory", "1Mi"), NODE)).isEqualTo("2");
    assertThat(ResourceFieldRefs.resolve(p, ref("limits.cpu", null), NODE)).isEqualTo("2");
    assertThat(ResourceFieldRefs.resolve(p, ref("requests.cpu", "1m"), NODE)).isEqualTo("250");
  }

  @Test
  void anUnsetLimitIsTheNodesAllocatableAndAnUnsetRequestIsTheLimitOrZero() {
    Pod noLimits = pod(Map.of(), Map.of());
    assertThat(ResourceFieldRefs.resolve(noLimits, ref("limits.memory", null), NODE))
        .isEqualTo(Long.toString(16L * 1024 * 1024 * 1024));
    assertThat(ResourceFieldRefs.resolve(noLimits, ref("requests.memory", null), NODE))
        .isEqualTo("0");
    Pod limitOnly = pod(Map.of(), Map.of("memory", new Quantity("1Gi")));
    assertThat(ResourceFieldRefs.resolve(limitOnly, ref("requests.memory", "1Mi"), NODE))
        .isEqualTo("1024");
  }

  @Test
  void unknownResourcesAndContainersAreRefused() {
    Pod p = pod(Map.of(), Map.of());
    assertThatThrownBy(() -> ResourceFieldRefs.resolve(p, ref("limits.gpu", null), NODE))
        .hasMessageContaining("limits.gpu");
    ResourceFieldSelector other =
        new ResourceFieldSelectorBuilder()
            .withContainerName("sidecar")
            .withResource("limits.memory")
            .build();
    assertThatThrownBy(() -> ResourceFieldRefs.resolve(p, other, NODE))
        .hasMessageContaining("sidecar");
  }
}
