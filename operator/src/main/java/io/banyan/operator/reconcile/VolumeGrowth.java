package io.banyan.operator.reconcile;

import io.banyan.operator.api.StorageSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.StorageStatus;
import io.banyan.operator.api.StoreClusterStatus.VolumePhase;
import io.banyan.operator.api.StoreClusterStatus.VolumeStatus;
import io.banyan.operator.model.ClusterObjects;
import io.banyan.operator.model.Labels;
import io.banyan.operator.storage.VolumeResize;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Storage growth (issue 12 item 3): brings the nodes' claims to {@code spec.storage.size} in place
 * — the claim's request is raised, Kubernetes grows the volume and its file system — as {@link
 * VolumeResize} decides, and reports each volume in {@code status.storage} (the {@code
 * StorageResized} condition is derived from it). A class that does not allow expansion and a
 * smaller size are refused with a Warning Event and a status message; the cluster keeps running on
 * the volumes it has. Claims are read from the informer cache; StorageClasses through {@link
 * StorageClasses}, only for claims that must grow.
 */
final class VolumeGrowth {
  private VolumeGrowth() {}

  /** One pass; returns the cluster as stored after a status write (or {@code sc} unchanged). */
  static StoreCluster run(
      StoreCluster sc,
      ClusterResources resources,
      StatusWriter statusWriter,
      ClusterEvents events,
      StorageClasses classes,
      Instant now) {
    StorageSpec storage = sc.getSpec().storage == null ? new StorageSpec() : sc.getSpec().storage;
    Map<String, PersistentVolumeClaim> stored = new HashMap<>();
    List<VolumeResize.Volume> volumes = new ArrayList<>();
    for (PersistentVolumeClaim desired : ClusterObjects.desired(sc).pvcs()) {
      PersistentVolumeClaim pvc = resources.cache().get(desired);
      if (pvc == null || pvc.getMetadata().getDeletionTimestamp() != null) {
        continue; // not created yet (the next round sees it) or on its way out
      }
      stored.put(pvc.getMetadata().getName(), pvc);
      volumes.add(volume(pvc));
    }
    StoreClusterStatus status = sc.getStatus();
    StorageStatus previous = status == null ? null : status.storage;
    var client = resources.client();
    VolumeResize.Plan plan =
        VolumeResize.decide(
            storage.size,
            volumes,
            name ->
                classes.facts(
                    name,
                    now,
                    n -> client.storage().v1().storageClasses().withName(n).get(),
                    () -> client.storage().v1().storageClasses().list().getItems()),
            previous);
    StorageStatus next = plan.status();
    for (String name : plan.grow()) {
      PersistentVolumeClaim pvc = stored.get(name);
      String refused = raiseRequest(resources, pvc, storage.size);
      if (refused != null) {
        VolumeStatus v = volumeStatus(next, name);
        v.phase = VolumePhase.Unsupported;
        v.requested = requested(pvc);
        v.message = refused;
        next.message = refused;
      }
    }
    report(sc, previous, next, events);
    if (next == null || Objects.equals(json(previous), json(next))) {
      return sc;
    }
    StoreClusterStatus written = Statuses.copy(status);
    written.storage = next;
    return statusWriter.write(sc, written);
  }

  /**
   * Raises the claim's request with a merge patch; returns the API server's refusal as a message,
   * or null. On Kubernetes the PersistentVolumeClaimResize admission refuses a class that changed
   * since it was read, and validation refuses an unbound claim: both end up here.
   */
  private static String raiseRequest(
      ClusterResources resources, PersistentVolumeClaim pvc, String size) {
    String patch =
        Serialization.asJson(
            Map.of("spec", Map.of("resources", Map.of("requests", Map.of("storage", size)))));
    try {
      PersistentVolumeClaim updated =
          resources.client().resource(pvc).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      resources.cache().updated(updated, pvc);
      return null;
    } catch (KubernetesClientException e) {
      String reason = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
      return pvc.getMetadata().getName()
          + ": the API server refused the resize to "
          + size
          + " (HTTP "
          + e.getCode()
          + "): "
          + reason;
    }
  }

  /** Events for what changed since the status last said: a Warning per new refusal. */
  private static void report(
      StoreCluster sc, StorageStatus previous, StorageStatus next, ClusterEvents events) {
    if (next == null) {
      return;
    }
    Map<String, VolumeStatus> before = new HashMap<>();
    if (previous != null && previous.volumes != null) {
      previous.volumes.forEach(v -> before.put(v.name, v));
    }
    List<String> raised = new ArrayList<>();
    for (VolumeStatus v : next.volumes) {
      VolumeStatus was = before.get(v.name);
      boolean changed =
          was == null || was.phase != v.phase || !Objects.equals(was.message, v.message);
      if (!changed) {
        continue;
      }
      switch (v.phase) {
        case ShrinkRefused -> events.warning(sc, "VolumeShrinkRefused", v.message);
        case Unsupported -> events.warning(sc, "VolumeExpansionUnsupported", v.message);
        case Expanding -> {
          if (was == null || !Objects.equals(was.requested, v.requested)) {
            raised.add(v.name);
          }
        }
        case Expanded -> {
          if (was != null && was.phase != VolumePhase.Expanded) {
            events.normal(sc, "VolumeExpanded", v.name + " has " + v.capacity);
          }
        }
      }
    }
    if (!raised.isEmpty()) {
      events.normal(
          sc,
          "VolumeExpanding",
          "growing to " + next.requestedSize + ": " + String.join(", ", raised));
    }
  }

  private static VolumeResize.Volume volume(PersistentVolumeClaim pvc) {
    PersistentVolumeClaimStatus s = pvc.getStatus();
    Quantity capacity =
        s == null || s.getCapacity() == null ? null : s.getCapacity().get("storage");
    boolean pending =
        s != null
            && s.getConditions() != null
            && s.getConditions().stream()
                .anyMatch(
                    c ->
                        "FileSystemResizePending".equals(c.getType())
                            && "True".equals(c.getStatus()));
    Map<String, String> labels = pvc.getMetadata().getLabels();
    return new VolumeResize.Volume(
        pvc.getMetadata().getName(),
        labels == null ? null : labels.get(Labels.NODE),
        pvc.getSpec().getStorageClassName(),
        requested(pvc),
        capacity == null ? null : capacity.toString(),
        s != null && "Bound".equals(s.getPhase()),
        pending);
  }

  private static String requested(PersistentVolumeClaim pvc) {
    var resources = pvc.getSpec().getResources();
    Quantity q =
        resources == null || resources.getRequests() == null
            ? null
            : resources.getRequests().get("storage");
    return q == null ? null : q.toString();
  }

  private static VolumeStatus volumeStatus(StorageStatus s, String pvc) {
    return s.volumes.stream().filter(v -> v.name.equals(pvc)).findFirst().orElseThrow();
  }

  private static String json(StorageStatus s) {
    return s == null ? null : Serialization.asJson(s);
  }
}
