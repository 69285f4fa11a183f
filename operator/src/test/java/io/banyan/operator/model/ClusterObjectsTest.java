package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StorageSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.model.ClusterObjects.DesiredObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The desired objects of the two reference topologies. */
class ClusterObjectsTest {
  private static final String UID = "0c5a1e0e-7b7e-4bd4-9c4b-2f0e5c0b1a11";
  private static final String NS = "stores";

  static StoreCluster load(String file) throws Exception {
    StoreCluster sc = DesiredTreeTest.example(file);
    sc.getMetadata().setUid(UID);
    sc.getMetadata().setNamespace(NS);
    return sc;
  }

  private static final List<String> THREE_DC_NODES =
      List.of(
          "jf-a-0", "jf-a-1", "jf-a-s1", "jf-a-s2", "jf-b-0", "jf-b-s1", "jf-b-s2", "jf-c-s1",
          "jf-c-s2");

  @Test
  void threeDatacentersPods() throws Exception {
    DesiredObjects d = ClusterObjects.desired(load("three-datacenters.yaml"));

    assertThat(d.pods())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyElementsOf(THREE_DC_NODES.stream().map(n -> "three-dc-" + n).toList());
    assertThat(d.pods())
        .extracting(ClusterObjectsTest::zoneAffinity)
        .containsExactly(
            "topology.kubernetes.io/zone=us-east-1a",
            "topology.kubernetes.io/zone=us-east-1a",
            "topology.kubernetes.io/zone=us-east-1a",
            "topology.kubernetes.io/zone=us-east-1a",
            "topology.kubernetes.io/zone=us-east-1b",
            "topology.kubernetes.io/zone=us-east-1b",
            "topology.kubernetes.io/zone=us-east-1b",
            "topology.kubernetes.io/zone=us-east-1c",
            "topology.kubernetes.io/zone=us-east-1c");

    Pod master = d.pods().get(0);
    // Per-pod DNS through the headless Service, and a group that may write the volume.
    assertThat(master.getSpec().getHostname()).isEqualTo("three-dc-jf-a-0");
    assertThat(master.getSpec().getSubdomain()).isEqualTo("three-dc-nodes");
    assertThat(master.getSpec().getSecurityContext().getFsGroup()).isEqualTo(10001L);
    assertThat(master.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("app.kubernetes.io/name", "banyan-node");
    expected.put("app.kubernetes.io/instance", "three-dc");
    expected.put("app.kubernetes.io/managed-by", "banyan-operator");
    expected.put("banyan.io/cluster", "three-dc");
    expected.put("banyan.io/node", "jf-a-0");
    expected.put("banyan.io/zone", "jf-a");
    expected.put("banyan.io/master-eligible", "true");
    assertThat(master.getMetadata().getLabels()).isEqualTo(expected);
    assertThat(master.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(d.pods())
        .allSatisfy(p -> assertThat(p.getMetadata().getLabels()).doesNotContainKey(Labels.ROLE));
    assertThat(d.pods().get(2).getMetadata().getLabels())
        .containsEntry("banyan.io/node", "jf-a-s1")
        .doesNotContainKey("banyan.io/master-eligible");

    // Master-eligible pods (jf-a-0, jf-a-1, jf-b-0) repel each other; replicas only prefer
    // spreading.
    for (Pod p : d.pods()) {
      String node = p.getMetadata().getLabels().get(Labels.NODE);
      boolean eligible = List.of("jf-a-0", "jf-a-1", "jf-b-0").contains(node);
      var anti = p.getSpec().getAffinity().getPodAntiAffinity();
      if (eligible) {
        assertThat(anti.getPreferredDuringSchedulingIgnoredDuringExecution()).isEmpty();
        assertThat(anti.getRequiredDuringSchedulingIgnoredDuringExecution())
            .singleElement()
            .satisfies(
                t -> {
                  assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                  assertThat(t.getLabelSelector().getMatchLabels())
                      .isEqualTo(
                          Map.of(
                              "app.kubernetes.io/instance", "three-dc",
                              "banyan.io/master-eligible", "true"));
                });
      } else {
        assertThat(anti.getRequiredDuringSchedulingIgnoredDuringExecution()).isEmpty();
        assertThat(anti.getPreferredDuringSchedulingIgnoredDuringExecution())
            .singleElement()
            .satisfies(
                w -> {
                  assertThat(w.getWeight()).isEqualTo(100);
                  assertThat(w.getPodAffinityTerm().getTopologyKey())
                      .isEqualTo("kubernetes.io/hostname");
                  assertThat(w.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                      .isEqualTo(Map.of("app.kubernetes.io/instance", "three-dc"));
                });
      }
    }
  }

  @Test
  void threeDatacentersContainerWithAuth() throws Exception {
    Pod pod = ClusterObjects.desired(load("three-datacenters.yaml")).pods().get(3);
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
    Container c = pod.getSpec().getContainers().get(0);
    assertThat(pod.getSpec().getContainers()).hasSize(1);
    assertThat(c.getName()).isEqualTo("data-node");
    assertThat(c.getImage()).isEqualTo("ghcr.io/banyan/banyan-node:0.1.0");
    assertThat(c.getCommand()).containsExactly("banyan-node");
    assertThat(c.getArgs())
        .containsExactly(
            "/etc/banyan/banyan.conf",
            "--dir",
            "/data",
            "--banyan-start-fenced",
            "yes",
            "--banyan-zone",
            "jf-a",
            "--aclfile",
            "/etc/banyan-auth/users.acl",
            "--include",
            "/etc/banyan-auth/replication.conf");
    // No password in the environment or on the command line: the users come from the aclfile.
    assertThat(c.getEnv()).hasSize(2);
    assertThat(c.getEnv().get(0).getName()).isEqualTo("POD_IP");
    assertThat(c.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("status.podIP");
    assertThat(c.getEnv().get(1).getName()).isEqualTo("BANYAN_MEMORY_LIMIT");
    assertThat(pod.getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("auth"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getSecret().getSecretName()).isEqualTo("three-dc-acl");
              assertThat(v.getSecret().getDefaultMode()).isEqualTo(0400);
            });
    assertThat(c.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("auth"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/banyan-auth");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(c.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("redis:6379", "http:9121");
    assertThat(c.getResources().getRequests())
        .isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")));
    assertThat(c.getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("2Gi")));
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("config:/etc/banyan", "auth:/etc/banyan-auth", "data:/data", "tmp:/tmp");

    List<Volume> volumes = pod.getSpec().getVolumes();
    assertThat(volumes)
        .extracting(Volume::getName)
        .containsExactly("config", "auth", "data", "tmp");
    assertThat(volumes.get(3).getEmptyDir()).isNotNull();
    assertThat(volumes.get(0).getConfigMap().getName()).isEqualTo("three-dc-config");
    assertThat(volumes.get(0).getConfigMap().getItems())
        .singleElement()
        .satisfies(i -> assertThat(i.getKey()).isEqualTo("banyan.conf"));
    assertThat(volumes.get(2).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("three-dc-jf-a-s2-data");
  }

  @Test
  void threeDatacentersClaimsAreRetainedWithoutOwner() throws Exception {
    DesiredObjects d = ClusterObjects.desired(load("three-datacenters.yaml"));
    assertThat(d.pvcs())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyElementsOf(
            THREE_DC_NODES.stream().map(n -> "three-dc-" + n + "-data").toList());
    PersistentVolumeClaim pvc = d.pvcs().get(0);
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(pvc.getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("10Gi"));
    assertThat(pvc.getSpec().getStorageClassName()).isNull();
    assertThat(pvc.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", "three-dc")
        .containsEntry("banyan.io/node", "jf-a-0")
        .containsEntry("banyan.io/zone", "jf-a");
    assertThat(d.pvcs())
        .allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).isEmpty());
  }

  @Test
  void claimsAreOwnedWhenRetentionIsDelete() throws Exception {
    StoreCluster sc = load("three-datacenters.yaml");
    sc.getSpec().storage.pvcRetentionOnDelete = StorageSpec.RetentionPolicy.Delete;
    sc.getSpec().storage.storageClass = "fast-ssd";
    DesiredObjects d = ClusterObjects.desired(sc);
    assertThat(d.pvcs()).allSatisfy(p -> assertOwned(p));
    assertThat(d.pvcs().get(0).getSpec().getStorageClassName()).isEqualTo("fast-ssd");
  }

  @Test
  void threeDatacentersServices() throws Exception {
    DesiredObjects d = ClusterObjects.desired(load("three-datacenters.yaml"));
    assertThat(d.services())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly(
            "three-dc-rw",
            "three-dc-ro",
            "three-dc-ro-jf-a",
            "three-dc-ro-jf-b",
            "three-dc-ro-jf-c",
            "three-dc-nodes");
    String inst = "app.kubernetes.io/instance";
    assertThat(d.services())
        .extracting(s -> s.getSpec().getSelector())
        .containsExactly(
            Map.of(inst, "three-dc", "banyan.io/role", "master"),
            Map.of(inst, "three-dc", "banyan.io/role", "replica"),
            Map.of(inst, "three-dc", "banyan.io/role", "replica", "banyan.io/zone", "jf-a"),
            Map.of(inst, "three-dc", "banyan.io/role", "replica", "banyan.io/zone", "jf-b"),
            Map.of(inst, "three-dc", "banyan.io/role", "replica", "banyan.io/zone", "jf-c"),
            Map.of(inst, "three-dc"));
    for (Service s : d.services()) {
      assertThat(s.getSpec().getPorts())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getName()).isEqualTo("redis");
                assertThat(p.getPort()).isEqualTo(6379);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("redis");
              });
    }
    Service headless = d.services().get(5);
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(d.services().get(0).getSpec().getClusterIP()).isNull();
  }

  @Test
  void threeDatacentersConfigAndBudget() throws Exception {
    DesiredObjects d = ClusterObjects.desired(load("three-datacenters.yaml"));
    assertThat(d.config().getMetadata().getName()).isEqualTo("three-dc-config");
    assertThat(d.config().getData())
        .containsOnlyKeys("banyan.conf")
        .containsEntry(
            "banyan.conf",
            "# Rendered by the Banyan operator from the StoreCluster spec; edits are lost.\n"
                + "port 6379\n"
                + "bind * -::*\n"
                + "protected-mode yes\n"
                + "banyan-http-port 9121\n"
                + "repl-backlog-size 256mb\n"
                + "min-replicas-to-write 1\n"
                + "min-replicas-max-lag 4\n"
                + "banyan-min-replicas-scope other-zones\n"
                + "banyan-min-replicas-max-lag-ms 2500\n"
                + "banyan-ready-max-lag 4\n"
                + "repl-ping-replica-period 1\n"
                + "repl-timeout 3\n"
                + "appendonly yes\n"
                + "appendfsync everysec\n"
                + "save 3600 1\n"
                + "maxmemory 1073741824\n"
                + "maxmemory-policy noeviction\n"
                + "# spec.config\n"
                + "slowlog-log-slower-than 5000\n"
                + "tcp-keepalive 60\n");
    assertThat(d.pdb().getApiVersion()).isEqualTo("policy/v1");
    assertThat(d.pdb().getMetadata().getName()).isEqualTo("three-dc");
    // All nine pods but one (DisruptionBudgetTest applies the disruption controller's rule).
    assertThat(d.pdb().getSpec().getMinAvailable().getIntVal()).isEqualTo(8);
    assertThat(d.pdb().getSpec().getMaxUnavailable()).isNull();
    assertThat(d.pdb().getSpec().getSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/instance", "three-dc"));
  }

  @Test
  void everythingButRetainedClaimsIsOwnedByTheStoreCluster() throws Exception {
    DesiredObjects d = ClusterObjects.desired(load("three-datacenters.yaml"));
    List<HasMetadata> owned = new ArrayList<>();
    owned.add(d.config());
    owned.addAll(d.pods());
    owned.addAll(d.services());
    owned.add(d.pdb());
    assertThat(owned).hasSize(1 + 9 + 6 + 1).allSatisfy(ClusterObjectsTest::assertOwned);
    assertThat(owned).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NS));
  }

  @Test
  void helperTreeWithoutAuthOrStorageSection() throws Exception {
    DesiredObjects d = ClusterObjects.desired(load("replication-helper-tree.yaml"));
    List<String> nodes = new ArrayList<>(List.of("dc1-0"));
    for (int h = 1; h <= 3; h++) {
      nodes.add("dc1-h" + h);
      for (int l = 1; l <= 3; l++) {
        nodes.add("dc1-h" + h + "-l" + l);
      }
    }
    assertThat(d.pods())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyElementsOf(nodes.stream().map(n -> "helper-tree-" + n).toList());
    assertThat(d.pods())
        .extracting(ClusterObjectsTest::zoneAffinity)
        .containsOnly("topology.kubernetes.io/zone=us-east-1a");
    // Only the master is master-eligible here.
    assertThat(d.pods())
        .filteredOn(p -> p.getMetadata().getLabels().containsKey(Labels.MASTER_ELIGIBLE))
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("helper-tree-dc1-0");
    assertThat(d.pods())
        .filteredOn(
            p ->
                !p.getSpec()
                    .getAffinity()
                    .getPodAntiAffinity()
                    .getRequiredDuringSchedulingIgnoredDuringExecution()
                    .isEmpty())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("helper-tree-dc1-0");

    Container c = d.pods().get(5).getSpec().getContainers().get(0);
    assertThat(c.getArgs())
        .containsExactly(
            "/etc/banyan/banyan.conf",
            "--dir",
            "/data",
            "--banyan-start-fenced",
            "yes",
            "--banyan-zone",
            "dc1",
            "--aclfile",
            "/etc/banyan-auth/users.acl",
            "--include",
            "/etc/banyan-auth/replication.conf");
    // No memory limit: no BANYAN_MEMORY_LIMIT, and no maxmemory rendered.
    assertThat(c.getEnv()).extracting(e -> e.getName()).containsExactly("POD_IP");
    assertThat(c.getImage()).isEqualTo(StoreClusterSpec.DEFAULT_IMAGE);
    assertThat(c.getResources()).isNull();

    assertThat(d.pvcs()).hasSize(13);
    assertThat(d.pvcs().get(0).getMetadata().getName()).isEqualTo("helper-tree-dc1-0-data");
    assertThat(d.pvcs().get(0).getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("1Gi"));
    assertThat(d.pvcs())
        .allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).isEmpty());

    assertThat(d.services())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly(
            "helper-tree-rw", "helper-tree-ro", "helper-tree-ro-dc1", "helper-tree-nodes");
    assertThat(d.config().getData().get("banyan.conf"))
        .contains("min-replicas-to-write 0\n", "appendonly yes\n", "save \"\"\n")
        .doesNotContain("maxmemory ")
        .endsWith("maxmemory-policy noeviction\n");
    Stream.concat(
            Stream.of(d.config(), d.pdb()), Stream.concat(d.pods().stream(), d.services().stream()))
        .forEach(ClusterObjectsTest::assertOwned);
  }

  @Test
  void placementOverridesTheNodeLabel() throws Exception {
    StoreCluster sc = load("replication-helper-tree.yaml");
    var placement = new io.banyan.operator.api.PlacementSpec();
    placement.nodeLabelKey = "example.com/dc";
    placement.nodeLabelValues = List.of("paris-1");
    sc.getSpec().zones.get(0).placement = placement;
    assertThat(ClusterObjects.desired(sc).pods())
        .extracting(ClusterObjectsTest::zoneAffinity)
        .containsOnly("example.com/dc=paris-1");
  }

  private static void assertOwned(HasMetadata o) {
    assertThat(o.getMetadata().getOwnerReferences())
        .as(o.getKind() + " " + o.getMetadata().getName())
        .singleElement()
        .satisfies(
            (OwnerReference r) -> {
              assertThat(r.getApiVersion()).isEqualTo("banyan.io/v1alpha1");
              assertThat(r.getKind()).isEqualTo("StoreCluster");
              assertThat(r.getName()).isIn("three-dc", "helper-tree");
              assertThat(r.getUid()).isEqualTo(UID);
              assertThat(r.getController()).isTrue();
              assertThat(r.getBlockOwnerDeletion()).isTrue();
            });
  }

  /** The single required node-affinity requirement as key=value (one value). */
  private static String zoneAffinity(Pod p) {
    var terms =
        p.getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    assertThat(terms).hasSize(1);
    var exprs = terms.get(0).getMatchExpressions();
    assertThat(exprs).hasSize(1);
    assertThat(exprs.get(0).getOperator()).isEqualTo("In");
    assertThat(exprs.get(0).getValues()).hasSize(1);
    return exprs.get(0).getKey() + "=" + exprs.get(0).getValues().get(0);
  }
}
