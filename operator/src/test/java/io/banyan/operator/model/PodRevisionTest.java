package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreCluster;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which spec changes give the pods a new revision (a rolling update) and which do not. */
class PodRevisionTest {
  private static List<String> revisions(Consumer<StoreCluster> change) {
    StoreCluster sc;
    try {
      sc = ClusterObjectsTest.load("three-datacenters.yaml");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    change.accept(sc);
    return ClusterObjects.desired(sc).pods().stream().map(PodRevision::current).toList();
  }

  private static final List<String> BEFORE = revisions(sc -> {});

  @Test
  void everyPodHasARevisionAndEqualSpecsGiveEqualRevisions() {
    assertThat(BEFORE).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(revisions(sc -> {})).isEqualTo(BEFORE);
  }

  @Test
  void anImageOrResourcesChangeGivesEveryPodANewRevision() {
    List<String> image = revisions(sc -> sc.getSpec().image = sc.getSpec().image + "-next");
    List<String> resources =
        revisions(
            sc -> {
              sc.getSpec().resources = new ResourceRequirements();
              sc.getSpec().resources.setLimits(Map.of("memory", new Quantity("3Gi")));
            });
    for (int i = 0; i < BEFORE.size(); i++) {
      assertThat(image.get(i)).isNotEqualTo(BEFORE.get(i));
      assertThat(resources.get(i)).isNotEqualTo(BEFORE.get(i));
    }
  }

  @Test
  void aRestartRequiringOptionRollsTheCluster() {
    List<String> after = revisions(sc -> config(sc, Map.of("databases", "32")));
    for (int i = 0; i < BEFORE.size(); i++) {
      assertThat(after.get(i)).isNotEqualTo(BEFORE.get(i));
    }
  }

  @Test
  void liveOptionsLabelsAndTheFailoverPolicyRestartNothing() {
    assertThat(revisions(sc -> config(sc, Map.of("hz", "50", "timeout", "300")))).isEqualTo(BEFORE);
    assertThat(revisions(sc -> sc.getSpec().maxmemoryPolicy = null)).isEqualTo(BEFORE);
    assertThat(
            revisions(
                sc -> {
                  sc.getSpec().failover.detectionTimeoutMillis = 3000;
                  sc.getSpec().failover.targetMaster = "us-east-1b-0";
                }))
        .isEqualTo(BEFORE);
    assertThat(
            revisions(
                sc -> {
                  if (sc.getSpec().podTemplate == null) {
                    sc.getSpec().podTemplate = new io.banyan.operator.api.PodTemplateSettings();
                  }
                  sc.getSpec().podTemplate.labels = Map.of("team", "cache");
                }))
        .isEqualTo(BEFORE);
  }

  @Test
  void theOrderOfConfigEntriesDoesNotMatter() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("databases", "32");
    one.put("hz", "20");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("hz", "20");
    other.put("databases", "32");
    assertThat(revisions(sc -> config(sc, one))).isEqualTo(revisions(sc -> config(sc, other)));
  }

  private static void config(StoreCluster sc, Map<String, String> options) {
    Map<String, String> config = new LinkedHashMap<>();
    if (sc.getSpec().config != null) {
      config.putAll(sc.getSpec().config);
    }
    config.putAll(options);
    sc.getSpec().config = config;
  }
}
