package io.banyan.operator.storage;

import io.banyan.operator.api.StoreClusterStatus.StorageStatus;
import io.banyan.operator.api.StoreClusterStatus.VolumePhase;
import io.banyan.operator.api.StoreClusterStatus.VolumeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What to do about the nodes' volumes when {@code spec.storage.size} differs from what their claims
 * request. Pure.
 *
 * <p>Kubernetes grows a bound claim in place when its request is raised and its StorageClass has
 * {@code allowVolumeExpansion: true} (the API server's PersistentVolumeClaimResize admission
 * refuses the raise otherwise); the external resizer grows the volume, then the kubelet the file
 * system ({@code FileSystemResizePending} meanwhile), and {@code status.capacity} follows. Nothing
 * makes a volume smaller: a request below the previous one is refused by the API server's
 * validation. So a larger size is a request patch per claim whose class allows it; a smaller one is
 * refused here with a message naming the field, and the cluster keeps running on the volumes it
 * has.
 *
 * <p>Why this is an operator check and not also a CRD transition rule ({@code
 * quantity(self.size).compareTo(quantity(oldSelf.size)) >= 0}): the {@code quantity()} function is
 * Kubernetes's own CEL library, not standard CEL, and cel-java — with which {@code CelRulesTest}
 * proves every CRD rule — does not have it, so the rule could not be tested here. The operator's
 * check is also the stronger one: it compares with the volumes as they are, which a rule on the old
 * spec cannot see (a re-created StoreCluster on retained volumes, a volume grown by hand).
 */
public final class VolumeResize {
  private VolumeResize() {}

  /** One node's claim as stored. {@code capacity} null: not bound yet. */
  public record Volume(
      String pvc,
      String node,
      String storageClass,
      String requested,
      String capacity,
      boolean bound,
      boolean fileSystemResizePending) {}

  /**
   * The StorageClass a claim is judged by: {@code name} null when the claim names none and the
   * cluster has no default one; {@code exists} false when the named class is not there.
   */
  public record ClassFacts(String name, boolean exists, boolean allowsExpansion) {}

  /** The outcome: the claims whose request is raised to the spec's size, and the new status. */
  public record Plan(List<String> grow, StorageStatus status) {}

  /**
   * Decides for every volume. {@code classOf} is asked only about volumes that must grow (so an
   * idle cluster costs no StorageClass read), with the claim's class name, null meaning "the
   * cluster's default". {@code previous}: the status as stored; while it is null and every volume
   * has the spec's size, the status stays null (nothing to report).
   */
  public static Plan decide(
      String size,
      List<Volume> volumes,
      Function<String, ClassFacts> classOf,
      StorageStatus previous) {
    BigDecimal wanted = bytes(size);
    Volume largest =
        volumes.stream()
            .max((a, b) -> bytes(a.requested()).compareTo(bytes(b.requested())))
            .orElse(null);
    String shrink =
        largest != null && bytes(largest.requested()).compareTo(wanted) > 0
            ? shrinkRefused(size, largest.requested())
            : null;
    List<String> grow = new ArrayList<>();
    List<VolumeStatus> statuses = new ArrayList<>();
    String problem = shrink;
    boolean allAtSize = true;
    for (Volume v : volumes) {
      VolumeStatus s = new VolumeStatus();
      s.name = v.pvc();
      s.node = v.node();
      s.storageClass = v.storageClass();
      s.requested = v.requested();
      s.capacity = v.capacity();
      int compared = bytes(v.requested()).compareTo(wanted);
      if (compared > 0) {
        s.phase = VolumePhase.ShrinkRefused;
        s.message = shrink;
      } else if (compared < 0) {
        growOrRefuse(v, size, classOf.apply(v.storageClass()), s, grow);
        if (s.phase == VolumePhase.Unsupported && problem == null) {
          problem = s.message;
        }
      } else if (!v.bound() || v.capacity() == null) {
        s.phase = VolumePhase.Expanded; // not bound yet: provisioned at the requested size
      } else if (bytes(v.capacity()).compareTo(wanted) < 0) {
        s.phase = VolumePhase.Expanding;
        s.message = resizing(v);
      } else {
        s.phase = VolumePhase.Expanded;
      }
      allAtSize &= s.phase == VolumePhase.Expanded;
      statuses.add(s);
    }
    if (previous == null && allAtSize) {
      return new Plan(grow, null);
    }
    StorageStatus status = new StorageStatus();
    status.requestedSize = size;
    status.volumes = statuses;
    status.message =
        problem != null
            ? problem
            : allAtSize ? null : "growing the volumes to " + size + " (see volumes)";
    return new Plan(grow, status);
  }

  private static void growOrRefuse(
      Volume v, String size, ClassFacts c, VolumeStatus s, List<String> grow) {
    if (c != null && c.name() != null) {
      s.storageClass = c.name();
    }
    if (c == null || c.name() == null) {
      s.phase = VolumePhase.Unsupported;
      s.message =
          v.pvc()
              + " names no StorageClass and the cluster has no default one: it cannot grow to "
              + size;
    } else if (!c.exists()) {
      s.phase = VolumePhase.Unsupported;
      s.message = v.pvc() + ": StorageClass " + c.name() + " not found; it cannot grow to " + size;
    } else if (!c.allowsExpansion()) {
      s.phase = VolumePhase.Unsupported;
      s.message =
          v.pvc()
              + ": StorageClass "
              + c.name()
              + " does not allow volume expansion (allowVolumeExpansion is not true); it stays at "
              + v.requested()
              + " instead of "
              + size;
    } else if (!v.bound()) {
      // The API server only lets a bound claim's request change.
      s.phase = VolumePhase.Expanding;
      s.message = v.pvc() + " is not bound yet; it is grown to " + size + " once it is";
    } else {
      s.phase = VolumePhase.Expanding;
      s.message = "request raised from " + v.requested() + " to " + size;
      s.requested = size;
      grow.add(v.pvc());
    }
  }

  private static String resizing(Volume v) {
    return "capacity "
        + v.capacity()
        + " of "
        + v.requested()
        + (v.fileSystemResizePending()
            ? ": volume grown, the kubelet grows the file system (FileSystemResizePending)"
            : ": the volume is being resized");
  }

  /** The refusal of a smaller size; names the field, as a validation error does. */
  public static String shrinkRefused(String size, String have) {
    return "spec.storage.size: "
        + size
        + " is smaller than the "
        + have
        + " the volumes already have; volumes cannot shrink";
  }

  /** The {@code StorageResized} condition for a storage status: status, reason, message. */
  public record Condition(boolean resized, String reason, String message) {}

  public static Condition condition(StorageStatus s) {
    List<VolumePhase> phases =
        s.volumes == null ? List.of() : s.volumes.stream().map(v -> v.phase).toList();
    String message = Objects.requireNonNullElse(s.message, "");
    if (phases.contains(VolumePhase.ShrinkRefused)) {
      return new Condition(false, "ShrinkRefused", message);
    }
    if (phases.contains(VolumePhase.Unsupported)) {
      return new Condition(false, "ExpansionUnsupported", message);
    }
    if (phases.contains(VolumePhase.Expanding)) {
      return new Condition(false, "Expanding", message);
    }
    return new Condition(
        true, "AtRequestedSize", "every volume has " + s.requestedSize + " or more");
  }

  private static BigDecimal bytes(String quantity) {
    if (quantity == null) {
      return BigDecimal.ZERO; // a claim without a request (not one the operator made)
    }
    return Quantity.getAmountInBytes(new Quantity(quantity));
  }
}
