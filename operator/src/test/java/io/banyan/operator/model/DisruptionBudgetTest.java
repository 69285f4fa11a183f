package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.ZoneSpec;
import io.banyan.operator.model.ClusterObjects.DesiredObjects;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered PodDisruptionBudget under the disruption controller's rule ({@link
 * DisruptionController}): a drain may take exactly one pod of a healthy cluster and none of a
 * cluster that already has one unhealthy pod — while the {@code maxUnavailable} form, over bare
 * pods whose controller (the StoreCluster) has no {@code /scale}, would never allow any.
 */
class DisruptionBudgetTest {
  /** The StoreCluster CRD declares no scale subresource: the API answers 404 for /scale. */
  private static final DisruptionController.Scales STORECLUSTER_HAS_NO_SCALE =
      owner -> OptionalInt.empty();

  @ParameterizedTest
  @ValueSource(
      strings = {"three-datacenters.yaml", "replication-helper-tree.yaml", "minimal-one-zone.yaml"})
  void aHealthyClusterMayLoseExactlyOnePodAndAnUnhealthyOneNone(String example) throws Exception {
    DesiredObjects d = ClusterObjects.desired(ClusterObjectsTest.load(example));
    int n = d.pods().size();
    assertThat(d.pdb().getSpec().getMinAvailable()).isEqualTo(new IntOrString(n - 1));

    var healthy = DisruptionController.sync(d.pdb(), running(d.pods()), STORECLUSTER_HAS_NO_SCALE);
    assertThat(healthy.syncFailure()).isNull();
    assertThat(healthy.expectedPods()).isEqualTo(n);
    assertThat(healthy.currentHealthy()).isEqualTo(n);
    assertThat(healthy.disruptionsAllowed()).isEqualTo(1);

    List<Pod> oneNotReady = running(d.pods());
    oneNotReady.set(n - 1, notReady(oneNotReady.get(n - 1)));
    assertThat(DisruptionController.sync(d.pdb(), oneNotReady, STORECLUSTER_HAS_NO_SCALE))
        .extracting(DisruptionController.Status::disruptionsAllowed)
        .isEqualTo(0);

    List<Pod> oneTerminating = running(d.pods());
    oneTerminating.set(0, terminating(oneTerminating.get(0)));
    assertThat(DisruptionController.sync(d.pdb(), oneTerminating, STORECLUSTER_HAS_NO_SCALE))
        .extracting(DisruptionController.Status::disruptionsAllowed)
        .as("a pod already going away counts as the one disruption")
        .isEqualTo(0);
  }

  @Test
  void theMaxUnavailableFormWouldAllowNothingForPodsOfAStoreCluster() throws Exception {
    DesiredObjects d = ClusterObjects.desired(ClusterObjectsTest.load("three-datacenters.yaml"));
    PodDisruptionBudget old =
        new PodDisruptionBudgetBuilder(d.pdb())
            .editSpec()
            .withMinAvailable(null)
            .withMaxUnavailable(new IntOrString(1))
            .endSpec()
            .build();

    var status = DisruptionController.sync(old, running(d.pods()), STORECLUSTER_HAS_NO_SCALE);
    assertThat(status.disruptionsAllowed()).isZero();
    assertThat(status.syncFailure())
        .isEqualTo("storeclusters.banyan.io does not implement the scale subresource");

    // Same with a percentage minAvailable: it too needs the controller's scale.
    PodDisruptionBudget percent =
        new PodDisruptionBudgetBuilder(d.pdb())
            .editSpec()
            .withMinAvailable(new IntOrString("80%"))
            .endSpec()
            .build();
    assertThat(DisruptionController.sync(percent, running(d.pods()), STORECLUSTER_HAS_NO_SCALE))
        .extracting(DisruptionController.Status::disruptionsAllowed)
        .isEqualTo(0);

    // The emulation is not stuck at 0: were there a /scale of 9 replicas, maxUnavailable 1 works.
    assertThat(DisruptionController.sync(old, running(d.pods()), owner -> OptionalInt.of(9)))
        .extracting(DisruptionController.Status::disruptionsAllowed)
        .isEqualTo(1);
  }

  @Test
  void theCrdReallyHasNoScaleSubresource() throws Exception {
    Path crd =
        Path.of(System.getProperty("banyan.repo.root", ".."))
            .resolve("crds/storeclusters.banyan.io-v1.yml");
    JsonNode subresources =
        new ObjectMapper(new YAMLFactory())
            .readTree(crd.toFile())
            .at("/spec/versions/0/subresources");
    assertThat(subresources.has("status")).isTrue();
    assertThat(subresources.has("scale")).isFalse();
  }

  @Test
  void theBudgetFollowsTheNodeCount() throws Exception {
    StoreCluster sc = ClusterObjectsTest.load("three-datacenters.yaml");
    DesiredObjects nine = ClusterObjects.desired(sc);
    ZoneSpec jfC = sc.getSpec().zones.get(2);
    jfC.masterBackups = 2; // scale up: two more pods
    DesiredObjects eleven = ClusterObjects.desired(sc);
    assertThat(eleven.pods()).hasSize(11);
    assertThat(eleven.pdb().getSpec().getMinAvailable().getIntVal()).isEqualTo(10);

    // While the two new pods start, the nine old ones are all healthy: no drain may proceed.
    List<Pod> pods = running(nine.pods());
    pods.add(notReady(eleven.pods().get(9)));
    pods.add(notReady(eleven.pods().get(10)));
    assertThat(DisruptionController.sync(eleven.pdb(), pods, STORECLUSTER_HAS_NO_SCALE))
        .extracting(DisruptionController.Status::disruptionsAllowed)
        .isEqualTo(0);
    pods = running(eleven.pods());
    assertThat(DisruptionController.sync(eleven.pdb(), pods, STORECLUSTER_HAS_NO_SCALE))
        .extracting(DisruptionController.Status::disruptionsAllowed)
        .isEqualTo(1);
  }

  @Test
  void aSingleNodeClusterCanBeDrained() throws Exception {
    StoreCluster sc = ClusterObjectsTest.load("minimal-one-zone.yaml");
    sc.getSpec().zones.get(0).masterBackups = 0;
    DesiredObjects d = ClusterObjects.desired(sc);
    assertThat(d.pdb().getSpec().getMinAvailable().getIntVal()).isZero();
    assertThat(DisruptionController.sync(d.pdb(), running(d.pods()), STORECLUSTER_HAS_NO_SCALE))
        .extracting(DisruptionController.Status::disruptionsAllowed)
        .isEqualTo(1);
  }

  private static List<Pod> running(List<Pod> pods) {
    List<Pod> out = new ArrayList<>();
    for (Pod p : pods) {
      out.add(
          new PodBuilder(p)
              .withNewStatus()
              .withPhase("Running")
              .addNewCondition()
              .withType("Ready")
              .withStatus("True")
              .endCondition()
              .endStatus()
              .build());
    }
    return out;
  }

  private static Pod notReady(Pod p) {
    return new PodBuilder(p)
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus("False")
        .endCondition()
        .endStatus()
        .build();
  }

  private static Pod terminating(Pod p) {
    return new PodBuilder(p)
        .editMetadata()
        .withDeletionTimestamp("2026-01-01T00:00:00Z")
        .endMetadata()
        .build();
  }
}
