package io.banyan.operator.model;

import io.banyan.operator.api.PlacementSpec;
import io.banyan.operator.api.StorageSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.ZoneSpec;
import io.banyan.operator.model.DesiredTree.Node;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Pod and the PersistentVolumeClaim of one desired node. Bare Pods, not a StatefulSet: the
 * operator decides placement, creation order and roles itself.
 */
public final class NodePodFactory {
  public static final String CONTAINER = "data-node";

  /** The user the data-node image runs as. */
  public static final long NODE_UID = 10001;

  public static final String COMMAND = "banyan-node";
  public static final String PORT_NAME = "redis";
  public static final String CONFIG_DIR = "/etc/banyan";
  public static final String DATA_DIR = "/data";
  public static final String PASSWORD_ENV = "BANYAN_PASSWORD";
  public static final String POD_IP_ENV = "POD_IP";
  public static final String CONFIG_VOLUME = "config";
  public static final String DATA_VOLUME = "data";
  public static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

  private NodePodFactory() {}

  /** The node's Pod; created without the role label. */
  public static Pod pod(StoreCluster sc, Node node) {
    String cluster = sc.getMetadata().getName();
    StoreClusterSpec spec = sc.getSpec();
    return new PodBuilder()
        .withNewMetadata()
        .withName(ObjectNames.pod(cluster, node.name()))
        .withNamespace(sc.getMetadata().getNamespace())
        .withLabels(Labels.pod(cluster, node))
        .withOwnerReferences(Owners.controllerOf(sc))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Always")
        .withHostname(ObjectNames.pod(cluster, node.name()))
        .withSubdomain(ObjectNames.headlessService(cluster))
        // The image runs as uid 10001 (data-node/Dockerfile); volumes are mounted root-owned
        // unless the pod asks for a group that may write them.
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(NODE_UID)
        .withFsGroup(NODE_UID)
        .endSecurityContext()
        .withAffinity(affinity(cluster, spec, node))
        .withContainers(container(spec))
        .addNewVolume()
        .withName(CONFIG_VOLUME)
        .withNewConfigMap()
        .withName(ObjectNames.config(cluster))
        .addNewItem()
        .withKey(ObjectNames.CONFIG_KEY)
        .withPath(ObjectNames.CONFIG_KEY)
        .endItem()
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName(DATA_VOLUME)
        .withNewPersistentVolumeClaim()
        .withClaimName(ObjectNames.pvc(cluster, node.name()))
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .build();
  }

  /**
   * The node's data volume claim. It carries an owner reference only when {@code
   * spec.storage.pvcRetentionOnDelete} is {@code Delete}; with {@code Retain} (the default) it has
   * none, so deleting the StoreCluster leaves the data behind for a later cluster of the same name
   * to pick up, or for an administrator to remove.
   */
  public static PersistentVolumeClaim pvc(StoreCluster sc, Node node) {
    String cluster = sc.getMetadata().getName();
    StorageSpec storage = sc.getSpec().storage == null ? new StorageSpec() : sc.getSpec().storage;
    String size = storage.size == null ? new StorageSpec().size : storage.size;
    PersistentVolumeClaimBuilder builder =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(ObjectNames.pvc(cluster, node.name()))
            .withNamespace(sc.getMetadata().getNamespace())
            .withLabels(Labels.node(cluster, node))
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withStorageClassName(storage.storageClass)
            .withNewResources()
            .withRequests(Map.of("storage", new Quantity(size)))
            .endResources()
            .endSpec();
    if (storage.pvcRetentionOnDelete == StorageSpec.RetentionPolicy.Delete) {
      builder.editMetadata().withOwnerReferences(Owners.controllerOf(sc)).endMetadata();
    }
    return builder.build();
  }

  private static Container container(StoreClusterSpec spec) {
    List<String> args =
        new ArrayList<>(
            List.of(
                CONFIG_DIR + "/" + ObjectNames.CONFIG_KEY,
                "--dir",
                DATA_DIR,
                "--banyan-start-fenced",
                "yes"));
    List<EnvVar> env = new ArrayList<>();
    env.add(
        new EnvVarBuilder()
            .withName(POD_IP_ENV)
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .build());
    if (spec.auth != null) {
      // Kubernetes expands $(VAR) in args, so the password never appears in the Pod spec.
      String ref = "$(" + PASSWORD_ENV + ")";
      args.addAll(List.of("--requirepass", ref, "--masterauth", ref));
      env.add(
          new EnvVarBuilder()
              .withName(PASSWORD_ENV)
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(spec.auth.secretName)
              .withKey(spec.auth.key == null ? "password" : spec.auth.key)
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(spec.image == null ? StoreClusterSpec.DEFAULT_IMAGE : spec.image)
            .withCommand(COMMAND)
            .withArgs(args)
            .withEnv(env)
            .addNewPort()
            .withName(PORT_NAME)
            .withContainerPort(ConfigRenderer.PORT)
            .withProtocol("TCP")
            .endPort()
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withNewPort(PORT_NAME)
            .endTcpSocket()
            .withPeriodSeconds(2)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewTcpSocket()
            .withNewPort(PORT_NAME)
            .endTcpSocket()
            .withPeriodSeconds(10)
            .withFailureThreshold(3)
            .endLivenessProbe()
            .addNewVolumeMount()
            .withName(CONFIG_VOLUME)
            .withMountPath(CONFIG_DIR)
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName(DATA_VOLUME)
            .withMountPath(DATA_DIR)
            .endVolumeMount();
    if (spec.resources != null) {
      container.withResources(new ResourceRequirementsBuilder(spec.resources).build());
    }
    return container.build();
  }

  /**
   * Zone placement (required node affinity) plus spreading on Kubernetes nodes: the master and its
   * backups must never share one (losing it would take out every failover candidate with the
   * master), read replicas merely prefer not to share one with any pod of the cluster.
   */
  static Affinity affinity(String cluster, StoreClusterSpec spec, Node node) {
    ZoneSpec zone =
        spec.zones.stream()
            .filter(z -> z.name.equals(node.zone()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown zone " + node.zone()));
    PlacementSpec placement = zone.placement == null ? new PlacementSpec() : zone.placement;
    String key =
        placement.nodeLabelKey == null ? PlacementSpec.DEFAULT_KEY : placement.nodeLabelKey;
    String value = placement.nodeLabelValue == null ? zone.name : placement.nodeLabelValue;

    AffinityBuilder affinity =
        new AffinityBuilder()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey(key)
            .withOperator("In")
            .withValues(value)
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity();
    if (Labels.isMasterEligible(node)) {
      affinity
          .withNewPodAntiAffinity()
          .addNewRequiredDuringSchedulingIgnoredDuringExecution()
          .withTopologyKey(HOSTNAME_TOPOLOGY)
          .withNewLabelSelector()
          .withMatchLabels(Labels.selectMasterEligible(cluster))
          .endLabelSelector()
          .endRequiredDuringSchedulingIgnoredDuringExecution()
          .endPodAntiAffinity();
    } else {
      affinity
          .withNewPodAntiAffinity()
          .addNewPreferredDuringSchedulingIgnoredDuringExecution()
          .withWeight(100)
          .withNewPodAffinityTerm()
          .withTopologyKey(HOSTNAME_TOPOLOGY)
          .withNewLabelSelector()
          .withMatchLabels(Labels.selectCluster(cluster))
          .endLabelSelector()
          .endPodAffinityTerm()
          .endPreferredDuringSchedulingIgnoredDuringExecution()
          .endPodAntiAffinity();
    }
    return affinity.build();
  }
}
