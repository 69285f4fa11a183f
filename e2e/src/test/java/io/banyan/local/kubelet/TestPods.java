package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-made objects in the shape the operator creates (shared conventions), so the kubelet and
 * forwarders can be tested without the operator, and pods of a {@link FakeContainer} to prove the
 * kubelet's behaviour (probes, hooks, signals) on a process whose answers a test controls. Zones
 * are the default inventory's cloud zones ({@code us-east-1a}...).
 */
public final class TestPods {
  public static final String NAMESPACE = "default";
  public static final String PASSWORD = "s3cret";

  private TestPods() {}

  public static Path repoRoot() {
    return Path.of(System.getProperty("banyan.repo.root", "..")).toAbsolutePath().normalize();
  }

  /** A directory under target/ for one test class's state. */
  public static Path stateDir(String name) {
    try {
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      Path dir =
          repoRoot().resolve("e2e/target/it").resolve(name + "-" + ProcessHandle.current().pid());
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A network {@code a.b} unlikely to collide with another run on this machine. */
  public static String network(int a) {
    return a + "." + (ProcessHandle.current().pid() % 250 + 1);
  }

  public static KubeletConfig kubeletConfig(String name, int a) {
    return KubeletConfig.of(
        repoRoot().resolve("data-node/bin/banyan-node"), stateDir(name), network(a));
  }

  /** The cluster's ConfigMap and auth Secret. */
  public static void createClusterObjects(KubernetesClient client, String cluster) {
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(cluster + "-config")
                .endMetadata()
                .withData(
                    Map.of(
                        "banyan.conf",
                        "port 6379\nbind 0.0.0.0\nsave \"\"\nappendonly no\nrepl-backlog-size 1mb\n"))
                .build())
        .create();
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(cluster + "-auth")
                .endMetadata()
                .withStringData(Map.of("password", PASSWORD))
                .build())
        .create();
  }

  /**
   * Pod {@code <c>-<node>} as the operator builds it, its zone label and required node affinity
   * both {@code zone} (a cloud zone of the inventory).
   */
  public static Pod dataNodePod(String cluster, String node, String zone) {
    String name = cluster + "-" + node;
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .addToLabels("app.kubernetes.io/name", "banyan-node")
        .addToLabels("app.kubernetes.io/instance", cluster)
        .addToLabels("app.kubernetes.io/managed-by", "banyan-operator")
        .addToLabels("banyan.io/cluster", cluster)
        .addToLabels("banyan.io/node", node)
        .addToLabels("banyan.io/zone", zone)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Always")
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey("topology.kubernetes.io/zone")
        .withOperator("In")
        .withValues(zone)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .addNewContainer()
        .withName("data-node")
        .withImage("ghcr.io/banyan/banyan-node:0.1.0")
        .withCommand("banyan-node")
        .withArgs(
            "/etc/banyan/banyan.conf",
            "--dir",
            "/data",
            "--requirepass",
            "$(BANYAN_PASSWORD)",
            "--masterauth",
            "$(BANYAN_PASSWORD)")
        .addNewEnv()
        .withName("BANYAN_PASSWORD")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(cluster + "-auth")
        .withKey("password")
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("POD_IP")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("status.podIP")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewPort()
        .withName("redis")
        .withContainerPort(6379)
        .endPort()
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withPort(new IntOrString("redis"))
        .endTcpSocket()
        .withPeriodSeconds(2)
        .endReadinessProbe()
        .addNewVolumeMount()
        .withName("config")
        .withMountPath("/etc/banyan")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("data")
        .withMountPath("/data")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(cluster + "-config")
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("data")
        .withNewPersistentVolumeClaim()
        .withClaimName(name + "-data")
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .build();
  }

  /**
   * A pod running a {@link FakeContainer} on port 8080 (named {@code http}) in {@code zone}, with
   * no probes: tests add what they exercise. {@code args} go to the fake container.
   */
  public static Pod fakePod(String name, String zone, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                testClasses(),
                FakeContainer.class.getName(),
                "--ip",
                "$(POD_IP)",
                "--port",
                "8080"));
    command.addAll(List.of(args));
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .addToLabels("app", "fake")
        .addToLabels("banyan.io/zone", zone)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Always")
        .addToNodeSelector("topology.kubernetes.io/zone", zone)
        .addNewContainer()
        .withName("fake")
        .withImage("local/fake:1")
        .withCommand(command)
        .addNewEnv()
        .withName("POD_IP")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("status.podIP")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .endPort()
        .endContainer()
        .endSpec()
        .build();
  }

  /** An httpGet probe on the fake container's {@code path}, period 1 s. */
  public static io.fabric8.kubernetes.api.model.Probe httpProbe(String path, int failureThreshold) {
    return new io.fabric8.kubernetes.api.model.ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(1)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static String testClasses() {
    try {
      return Path.of(
              FakeContainer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the API reports the pod Ready. */
  public static boolean readyInApi(KubernetesClient client, String name) {
    Pod pod = client.pods().inNamespace(NAMESPACE).withName(name).get();
    return pod != null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
