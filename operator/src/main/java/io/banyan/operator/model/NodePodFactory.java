package io.banyan.operator.model;

import io.banyan.operator.api.PodTemplateSettings;
import io.banyan.operator.api.StorageSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.model.DesiredTree.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Pod and the PersistentVolumeClaim of one desired node. Bare Pods, not a StatefulSet: the
 * operator decides placement, creation order and roles itself.
 */
public final class NodePodFactory {
  public static final String CONTAINER = NodeContainer.NAME;

  /** The user (and group) the data-node image runs as. */
  public static final long NODE_UID = 10001;

  public static final String COMMAND = NodeContainer.COMMAND;
  public static final String PORT_NAME = NodeContainer.REDIS_PORT_NAME;
  public static final String HTTP_PORT_NAME = NodeContainer.HTTP_PORT_NAME;
  public static final String CONFIG_DIR = NodeContainer.CONFIG_DIR;
  public static final String DATA_DIR = NodeContainer.DATA_DIR;
  public static final String POD_IP_ENV = NodeContainer.POD_IP_ENV;
  public static final String MEMORY_LIMIT_ENV = NodeContainer.MEMORY_LIMIT_ENV;
  public static final String CONFIG_VOLUME = "config";
  public static final String DATA_VOLUME = "data";

  /** The Secret {@code <cluster>-acl}: the aclfile and the replication file (mode 0400). */
  public static final String AUTH_VOLUME = "auth";

  /**
   * A writable emptyDir at /tmp: the root filesystem is read-only, the JVM still needs a tmpdir.
   */
  public static final String TMP_VOLUME = "tmp";

  public static final String HOSTNAME_TOPOLOGY = Placement.HOSTNAME_TOPOLOGY;

  private NodePodFactory() {}

  /** The node's Pod; created without the role label. */
  public static Pod pod(StoreCluster sc, Node node) {
    String cluster = sc.getMetadata().getName();
    StoreClusterSpec spec = sc.getSpec();
    PodTemplateSettings template =
        spec.podTemplate == null ? new PodTemplateSettings() : spec.podTemplate;
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(ObjectNames.pod(cluster, node.name()))
            .withNamespace(sc.getMetadata().getNamespace())
            .withLabels(Labels.pod(cluster, node, template.labels))
            .withAnnotations(
                template.annotations == null || template.annotations.isEmpty()
                    ? null
                    : new TreeMap<>(template.annotations))
            .withOwnerReferences(Owners.controllerOf(sc))
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Always")
            .withTerminationGracePeriodSeconds((long) NodeContainer.TERMINATION_GRACE_SECONDS)
            .withHostname(ObjectNames.pod(cluster, node.name()))
            .withSubdomain(ObjectNames.headlessService(cluster))
            .withServiceAccountName(template.serviceAccountName)
            .withImagePullSecrets(template.imagePullSecrets)
            .withSecurityContext(securityContext())
            .withAffinity(Placement.affinity(cluster, spec, node))
            .withTopologySpreadConstraints(Placement.spread(cluster, spec, node))
            .withContainers(NodeContainer.container(spec, sc.getMetadata().getName(), node.zone()))
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
            .withName(AUTH_VOLUME)
            .withNewSecret()
            .withSecretName(ObjectNames.aclFile(cluster))
            .withDefaultMode(0400)
            .endSecret()
            .endVolume()
            .addNewVolume()
            .withName(DATA_VOLUME)
            .withNewPersistentVolumeClaim()
            .withClaimName(ObjectNames.pvc(cluster, node.name()))
            .endPersistentVolumeClaim()
            .endVolume()
            .addNewVolume()
            .withName(TMP_VOLUME)
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .addAllToVolumes(NodeTls.volumes(spec))
            .endSpec();
    if (spec.scheduling != null) {
      pod.editSpec()
          .withNodeSelector(
              spec.scheduling.nodeSelector == null || spec.scheduling.nodeSelector.isEmpty()
                  ? null
                  : new TreeMap<>(spec.scheduling.nodeSelector))
          .withTolerations(spec.scheduling.tolerations)
          .withPriorityClassName(spec.scheduling.priorityClassName)
          .endSpec();
    }
    return pod.build();
  }

  /**
   * Non-root with the image's numeric user and group (volumes are mounted root-owned unless the pod
   * asks for a group that may write them), and the runtime's default seccomp profile: with the
   * container's own context this passes the Pod Security Standards' {@code restricted} profile.
   */
  static PodSecurityContext securityContext() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(NODE_UID)
        .withRunAsGroup(NODE_UID)
        .withFsGroup(NODE_UID)
        // Large volumes: chown only when the root of the volume has the wrong owner.
        .withFsGroupChangePolicy("OnRootMismatch")
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
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
}
