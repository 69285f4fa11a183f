package io.banyan.local.volumes;

import io.banyan.local.control.SyncLoop;
import io.banyan.local.events.EventRecorder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimConditionBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stand-ins for what grows and binds volumes in a cluster, on directories that have no size:
 *
 * <ul>
 *   <li>the PersistentVolume controller with a dynamic provisioner: a claim whose StorageClass
 *       exists is bound at once ({@code volumeBindingMode: Immediate}) — {@code spec.volumeName}
 *       set, then {@code status.phase: Bound} and {@code status.capacity} equal to the request. A
 *       claim whose class is missing stays Pending with a {@code ProvisioningFailed} Warning, as
 *       Kubernetes leaves it. No PersistentVolume objects are made (nothing here reads them);
 *   <li>the external resizer: a bound claim whose request exceeds its capacity gets the {@code
 *       FileSystemResizePending} condition (the "volume" grew; its file system has not);
 *   <li>the kubelet's online file-system expansion: done only while a Running pod mounts the claim
 *       (as the kubelet of that pod's node does it), which sets {@code status.capacity} to the
 *       request and clears the condition. The pod keeps running.
 * </ul>
 *
 * What the API server refuses (a smaller request, a class without expansion) is the API's side:
 * {@code io.banyan.local.api.ClaimRules}. Threading: informer callbacks request a sync ({@link
 * SyncLoop}); syncs run one at a time.
 */
public final class VolumeController implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(VolumeController.class.getName());

  /** The default class local mode creates, as kind and minikube provide one. */
  public static final String DEFAULT_CLASS = "standard";

  static final String RESIZE_PENDING = "FileSystemResizePending";

  private final KubernetesClient client;
  private final EventRecorder events;
  private final SyncLoop loop = new SyncLoop("volume-controller", this::syncAll);
  private final java.util.Set<String> unprovisionable = new java.util.HashSet<>();
  private SharedIndexInformer<PersistentVolumeClaim> claims;
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<StorageClass> classes;

  public VolumeController(KubernetesClient client) {
    this.client = client;
    this.events = new EventRecorder(client, "persistentvolume-controller");
  }

  /**
   * The default StorageClass of local mode: {@code standard}, expandable, default-class annotation
   * (kind's is {@code standard} too, with WaitForFirstConsumer binding; here Immediate).
   */
  public static StorageClass defaultClass() {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(DEFAULT_CLASS)
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
        .endMetadata()
        .withProvisioner("banyan.io/local-directory")
        .withReclaimPolicy("Delete")
        .withVolumeBindingMode("Immediate")
        .withAllowVolumeExpansion(true)
        .build();
  }

  public VolumeController start() {
    claims = client.persistentVolumeClaims().inAnyNamespace().inform(loop.onAnyChange());
    pods = client.pods().inAnyNamespace().inform(loop.onAnyChange());
    classes = client.storage().v1().storageClasses().inform(loop.onAnyChange());
    loop.request();
    return this;
  }

  private void syncAll() {
    if (claims == null || pods == null || classes == null) {
      return;
    }
    for (PersistentVolumeClaim claim : claims.getStore().list()) {
      if (claim.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      try {
        sync(claim);
      } catch (KubernetesClientException e) {
        // 409: written meanwhile; the watch event of that write brings another sync.
        LOG.log(Level.FINE, "claim " + claim.getMetadata().getName() + " not synced", e);
        loop.request();
      }
    }
  }

  private void sync(PersistentVolumeClaim claim) {
    PersistentVolumeClaimStatus status = claim.getStatus();
    if (status == null || !"Bound".equals(status.getPhase())) {
      bind(claim);
      return;
    }
    Quantity requested = requested(claim);
    Quantity capacity = status.getCapacity() == null ? null : status.getCapacity().get("storage");
    if (requested == null || capacity == null || compare(requested, capacity) <= 0) {
      return;
    }
    if (!resizePending(status)) {
      PersistentVolumeClaimCondition pending =
          new PersistentVolumeClaimConditionBuilder()
              .withType(RESIZE_PENDING)
              .withStatus("True")
              .withMessage(
                  "Waiting for user to (re-)start a pod to finish file system resize of volume on node.")
              .withLastTransitionTime(Instant.now().toString())
              .build();
      writeStatus(
          claim, new PersistentVolumeClaimStatusBuilder(status).addToConditions(pending).build());
      events.record(
          claim,
          EventRecorder.NORMAL,
          "FileSystemResizeRequired",
          "Require file system resize of volume on node");
      return;
    }
    if (mountedByRunningPod(claim)) {
      PersistentVolumeClaimStatus grown =
          new PersistentVolumeClaimStatusBuilder(status)
              .withCapacity(Map.of("storage", requested))
              .withConditions(
                  status.getConditions().stream()
                      .filter(c -> !RESIZE_PENDING.equals(c.getType()))
                      .toList())
              .build();
      writeStatus(claim, grown);
      events.record(
          claim,
          EventRecorder.NORMAL,
          "FileSystemResizeSuccessful",
          "MountVolume.NodeExpandVolume succeeded for volume " + claim.getSpec().getVolumeName());
    }
  }

  /** Dynamic provisioning and binding, when the claim's class exists. */
  private void bind(PersistentVolumeClaim claim) {
    String className = claim.getSpec().getStorageClassName();
    StorageClass storageClass =
        className == null
            ? null
            : classes.getStore().list().stream()
                .filter(c -> className.equals(c.getMetadata().getName()))
                .findFirst()
                .orElse(null);
    if (storageClass == null) {
      if (!unprovisionable.add(claim.getMetadata().getUid())) {
        return; // reported once; Kubernetes retries with back-off, re-reporting now and then
      }
      events.record(
          claim,
          EventRecorder.WARNING,
          "ProvisioningFailed",
          className == null
              ? "no persistent volumes available for this claim and no storage class is set"
              : "storageclass.storage.k8s.io \"" + className + "\" not found");
      return;
    }
    PersistentVolumeClaim bound = claim;
    if (claim.getSpec().getVolumeName() == null || claim.getSpec().getVolumeName().isEmpty()) {
      PersistentVolumeClaim named =
          new PersistentVolumeClaimBuilder(claim)
              .editSpec()
              .withVolumeName("pvc-" + claim.getMetadata().getUid())
              .endSpec()
              .build();
      bound = client.resource(named).update();
    }
    Quantity requested = requested(bound);
    writeStatus(
        bound,
        new PersistentVolumeClaimStatusBuilder()
            .withPhase("Bound")
            .withAccessModes(bound.getSpec().getAccessModes())
            .withCapacity(requested == null ? Map.of() : Map.of("storage", requested))
            .build());
  }

  private boolean mountedByRunningPod(PersistentVolumeClaim claim) {
    String ns = claim.getMetadata().getNamespace();
    String name = claim.getMetadata().getName();
    return pods.getStore().list().stream()
        .filter(p -> ns.equals(p.getMetadata().getNamespace()))
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .anyMatch(p -> mounts(p, name));
  }

  private static boolean mounts(Pod pod, String claim) {
    List<Volume> volumes = pod.getSpec() == null ? null : pod.getSpec().getVolumes();
    return volumes != null
        && volumes.stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && claim.equals(v.getPersistentVolumeClaim().getClaimName()));
  }

  private void writeStatus(PersistentVolumeClaim claim, PersistentVolumeClaimStatus status) {
    PersistentVolumeClaim updated =
        new PersistentVolumeClaimBuilder(claim).withStatus(status).build();
    client.resource(updated).updateStatus();
  }

  private static boolean resizePending(PersistentVolumeClaimStatus status) {
    return status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(c -> RESIZE_PENDING.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Quantity requested(PersistentVolumeClaim claim) {
    var resources = claim.getSpec().getResources();
    return resources == null || resources.getRequests() == null
        ? null
        : resources.getRequests().get("storage");
  }

  private static int compare(Quantity a, Quantity b) {
    return Quantity.getAmountInBytes(a).compareTo(Quantity.getAmountInBytes(b));
  }

  @Override
  public void close() {
    for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {claims, pods, classes}) {
      if (informer != null) {
        informer.close();
      }
    }
    loop.close();
    events.close();
  }
}
