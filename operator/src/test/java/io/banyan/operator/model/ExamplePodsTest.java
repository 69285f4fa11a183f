package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.SchedulingSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.ZoneSpec;
import io.banyan.operator.model.ClusterObjects.DesiredObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pods rendered for every example, as a real cluster will see them: probes, security contexts
 * (checked against the Pod Security Standards' restricted profile), placement values, memory
 * settings.
 */
class ExamplePodsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"three-datacenters.yaml", "replication-helper-tree.yaml", "minimal-one-zone.yaml"})
  void everyPodPassesThePodSecurityStandardsRestrictedProfile(String example) throws Exception {
    for (Pod pod : ClusterObjects.desired(ClusterObjectsTest.load(example)).pods()) {
      assertThat(RestrictedProfile.violations(pod)).as(pod.getMetadata().getName()).isEmpty();
    }
  }

  @Test
  void theCheckerRefusesWhatTheProfileForbids() throws Exception {
    Pod good =
        ClusterObjects.desired(ClusterObjectsTest.load("minimal-one-zone.yaml")).pods().get(0);
    Pod bad =
        new PodBuilder(good)
            .editSpec()
            .editSecurityContext()
            .withSeccompProfile(null)
            .withRunAsNonRoot(null)
            .endSecurityContext()
            .editFirstContainer()
            .editSecurityContext()
            .withAllowPrivilegeEscalation(null)
            .withRunAsNonRoot(null)
            .editCapabilities()
            .withDrop()
            .withAdd("NET_ADMIN")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .addNewVolume()
            .withName("host")
            .withNewHostPath("/var/run", null)
            .endVolume()
            .withHostNetwork(true)
            .endSpec()
            .build();
    assertThat(RestrictedProfile.violations(bad))
        .extracting(s -> s.substring(0, s.indexOf(':')))
        .contains(
            "Seccomp",
            "Running as Non-root",
            "Privilege Escalation",
            "Capabilities",
            "Capabilities (baseline)",
            "HostPath Volumes",
            "Volume Types",
            "Host Namespaces");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"three-datacenters.yaml", "replication-helper-tree.yaml", "minimal-one-zone.yaml"})
  void probesPortsAndVolumes(String example) throws Exception {
    for (Pod pod : ClusterObjects.desired(ClusterObjectsTest.load(example)).pods()) {
      Container c = pod.getSpec().getContainers().get(0);
      assertThat(c.getPorts())
          .extracting(p -> p.getName() + "=" + p.getContainerPort() + "/" + p.getProtocol())
          .containsExactly("redis=6379/TCP", "http=9121/TCP");
      assertHttpProbe(c.getStartupProbe(), "/livez", 2, 2, 60);
      assertHttpProbe(c.getLivenessProbe(), "/livez", 5, 3, 3);
      assertHttpProbe(c.getReadinessProbe(), "/readyz", 2, 2, 3);
      // The preStop hook may hold SIGTERM for 25 s while a master hands over; the grace period
      // leaves the shutdown more than Kubernetes' default 30 s after that.
      var preStop = c.getLifecycle().getPreStop().getHttpGet();
      assertThat(preStop.getPath()).isEqualTo("/prestop?wait=25");
      assertThat(preStop.getPort().getStrVal()).isEqualTo("http");
      assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(60L);
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getVolumeMounts())
          .filteredOn(m -> m.getMountPath().equals("/tmp"))
          .singleElement()
          .satisfies(m -> assertThat(m.getReadOnly()).isNotEqualTo(true));
      assertThat(pod.getSpec().getVolumes())
          .filteredOn(v -> v.getName().equals("tmp"))
          .singleElement()
          .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
      var psc = pod.getSpec().getSecurityContext();
      assertThat(List.of(psc.getRunAsUser(), psc.getRunAsGroup(), psc.getFsGroup()))
          .containsOnly(10001L);
      assertThat(psc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    }
  }

  private static void assertHttpProbe(
      Probe probe, String path, int period, int timeout, int failures) {
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(probe.getPeriodSeconds()).isEqualTo(period);
    assertThat(probe.getTimeoutSeconds()).isEqualTo(timeout);
    assertThat(probe.getFailureThreshold()).isEqualTo(failures);
    assertThat(probe.getTcpSocket()).isNull();
    assertThat(probe.getExec()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"three-datacenters.yaml", "replication-helper-tree.yaml", "minimal-one-zone.yaml"})
  void memoryLimitGoesToTheLauncherAndHalfOfItToMaxmemory(String example) throws Exception {
    StoreCluster sc = ClusterObjectsTest.load(example);
    DesiredObjects d = ClusterObjects.desired(sc);
    Quantity limit =
        sc.getSpec().resources == null ? null : sc.getSpec().resources.getLimits().get("memory");
    String conf = d.config().getData().get("banyan.conf");
    for (Pod pod : d.pods()) {
      Optional<EnvVar> env =
          pod.getSpec().getContainers().get(0).getEnv().stream()
              .filter(e -> e.getName().equals("BANYAN_MEMORY_LIMIT"))
              .findFirst();
      if (limit == null) {
        assertThat(env).isEmpty();
        continue;
      }
      var ref = env.orElseThrow().getValueFrom().getResourceFieldRef();
      assertThat(ref.getContainerName()).isEqualTo("data-node");
      assertThat(ref.getResource()).isEqualTo("limits.memory");
      assertThat(ref.getDivisor()).isEqualTo(new Quantity("1"));
    }
    if (limit == null) {
      assertThat(conf).doesNotContain("\nmaxmemory ");
    } else {
      long half = Quantity.getAmountInBytes(limit).longValueExact() / 2;
      assertThat(conf).contains("\nmaxmemory " + half + "\n");
    }
    assertThat(conf).contains("\nmaxmemory-policy noeviction\n");
  }

  @Test
  void threeDatacentersRequireTheirCloudZonesAndSeparateNodesForMasterCandidates()
      throws Exception {
    DesiredObjects d = ClusterObjects.desired(ClusterObjectsTest.load("three-datacenters.yaml"));
    Map<String, String> zoneValue =
        Map.of("jf-a", "us-east-1a", "jf-b", "us-east-1b", "jf-c", "us-east-1c");
    for (Pod pod : d.pods()) {
      String zone = pod.getMetadata().getLabels().get(Labels.ZONE);
      var term =
          pod.getSpec()
              .getAffinity()
              .getNodeAffinity()
              .getRequiredDuringSchedulingIgnoredDuringExecution()
              .getNodeSelectorTerms()
              .get(0)
              .getMatchExpressions()
              .get(0);
      assertThat(term.getKey()).isEqualTo("topology.kubernetes.io/zone");
      assertThat(term.getValues()).containsExactly(zoneValue.get(zone));
      boolean eligible = pod.getMetadata().getLabels().containsKey(Labels.MASTER_ELIGIBLE);
      assertThat(
              pod.getSpec()
                  .getAffinity()
                  .getPodAntiAffinity()
                  .getRequiredDuringSchedulingIgnoredDuringExecution())
          .hasSize(eligible ? 1 : 0);
      assertThat(pod.getSpec().getTopologySpreadConstraints()).isEmpty();
    }
  }

  @Test
  void theMinimalExampleFitsOnOneNode() throws Exception {
    DesiredObjects d = ClusterObjects.desired(ClusterObjectsTest.load("minimal-one-zone.yaml"));
    assertThat(d.pods()).hasSize(2);
    for (Pod pod : d.pods()) {
      var affinity = pod.getSpec().getAffinity();
      assertThat(affinity.getNodeAffinity()).as("anyNode: no node affinity").isNull();
      assertThat(affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
          .as("Preferred: nothing that could leave a pod Pending on one node")
          .isEmpty();
      assertThat(affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
          .singleElement()
          .satisfies(
              w ->
                  assertThat(w.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                      .isEqualTo(
                          Map.of(
                              "app.kubernetes.io/instance", "minimal",
                              "banyan.io/master-eligible", "true")));
      assertThat(pod.getSpec().getNodeSelector()).isNullOrEmpty();
    }
  }

  @Test
  void aZoneMayMapToSeveralCloudZonesAndSpreadOverThem() throws Exception {
    StoreCluster sc = ClusterObjectsTest.load("replication-helper-tree.yaml");
    ZoneSpec dc1 = sc.getSpec().zones.get(0);
    dc1.placement.nodeLabelValues = List.of("us-east-1a", "us-east-1b");
    dc1.placement.topologySpreadConstraints =
        List.of(
            new io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey("topology.kubernetes.io/zone")
                .withWhenUnsatisfiable("DoNotSchedule")
                .build(),
            new io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder()
                .withMaxSkew(2)
                .withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector()
                .addToMatchLabels("team", "cache")
                .endLabelSelector()
                .build());
    Pod pod = ClusterObjects.desired(sc).pods().get(3);
    assertThat(
            pod.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly("us-east-1a", "us-east-1b");
    var spread = pod.getSpec().getTopologySpreadConstraints();
    assertThat(spread).hasSize(2);
    assertThat(spread.get(0).getLabelSelector().getMatchLabels())
        .as("default: the zone's pods of this cluster")
        .isEqualTo(Map.of("app.kubernetes.io/instance", "helper-tree", "banyan.io/zone", "dc1"));
    assertThat(spread.get(0).getMaxSkew()).isEqualTo(1);
    assertThat(spread.get(1).getLabelSelector().getMatchLabels())
        .as("the user's selector is kept")
        .isEqualTo(Map.of("team", "cache"));
    // The spec's own objects are not modified by rendering.
    assertThat(dc1.placement.topologySpreadConstraints.get(0).getLabelSelector()).isNull();
  }

  @Test
  void requiredAntiAffinityCanBeRelaxed() throws Exception {
    StoreCluster sc = ClusterObjectsTest.load("three-datacenters.yaml");
    sc.getSpec().scheduling = new SchedulingSpec();
    sc.getSpec().scheduling.podAntiAffinity = SchedulingSpec.AntiAffinity.Preferred;
    for (Pod pod : ClusterObjects.desired(sc).pods()) {
      var anti = pod.getSpec().getAffinity().getPodAntiAffinity();
      assertThat(anti.getRequiredDuringSchedulingIgnoredDuringExecution()).isEmpty();
      assertThat(anti.getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
    }
  }
}
