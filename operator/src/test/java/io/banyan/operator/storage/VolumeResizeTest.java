package io.banyan.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreClusterStatus.StorageStatus;
import io.banyan.operator.api.StoreClusterStatus.VolumePhase;
import io.banyan.operator.storage.VolumeResize.ClassFacts;
import io.banyan.operator.storage.VolumeResize.Plan;
import io.banyan.operator.storage.VolumeResize.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class VolumeResizeTest {
  private static final ClassFacts EXPANDABLE = new ClassFacts("standard", true, true);
  private static final ClassFacts FIXED = new ClassFacts("fixed", true, false);

  private final List<String> asked = new ArrayList<>();

  private Function<String, ClassFacts> classes(ClassFacts facts) {
    return name -> {
      asked.add(String.valueOf(name));
      return facts;
    };
  }

  private static Volume bound(String pvc, String requested, String capacity) {
    return new Volume(
        pvc, pvc.substring(pvc.indexOf('-') + 1), "standard", requested, capacity, true, false);
  }

  @Test
  void volumesAtTheSpecSizeNeedNothingAndNoStatusNorClassRead() {
    Plan plan =
        VolumeResize.decide(
            "1Gi",
            List.of(bound("c-a-0", "1Gi", "1Gi"), bound("c-a-1", "1024Mi", "1Gi")),
            classes(EXPANDABLE),
            null);

    assertThat(plan.grow()).isEmpty();
    assertThat(plan.status()).isNull();
    assertThat(asked).as("no StorageClass read while nothing must grow").isEmpty();
  }

  @Test
  void aLargerSizeRaisesEveryBoundClaimWhoseClassAllowsExpansion() {
    Plan plan =
        VolumeResize.decide(
            "2Gi",
            List.of(bound("c-a-0", "1Gi", "1Gi"), bound("c-a-1", "1Gi", "1Gi")),
            classes(EXPANDABLE),
            null);

    assertThat(plan.grow()).containsExactly("c-a-0", "c-a-1");
    assertThat(plan.status().requestedSize).isEqualTo("2Gi");
    assertThat(plan.status().volumes)
        .allSatisfy(
            v -> {
              assertThat(v.phase).isEqualTo(VolumePhase.Expanding);
              assertThat(v.requested).isEqualTo("2Gi");
            });
    assertThat(VolumeResize.condition(plan.status()).reason()).isEqualTo("Expanding");
  }

  @Test
  void aClassWithoutExpansionIsReportedAndNothingIsPatched() {
    Plan plan =
        VolumeResize.decide("2Gi", List.of(bound("c-a-0", "1Gi", "1Gi")), classes(FIXED), null);

    assertThat(plan.grow()).isEmpty();
    assertThat(plan.status().volumes.get(0).phase).isEqualTo(VolumePhase.Unsupported);
    assertThat(plan.status().message)
        .contains("StorageClass fixed does not allow volume expansion")
        .contains("1Gi")
        .contains("2Gi");
    VolumeResize.Condition c = VolumeResize.condition(plan.status());
    assertThat(c.resized()).isFalse();
    assertThat(c.reason()).isEqualTo("ExpansionUnsupported");
  }

  @Test
  void aMissingClassOrNoDefaultClassIsUnsupported() {
    Volume noClass = new Volume("c-a-0", "a-0", null, "1Gi", "1Gi", true, false);

    Plan none =
        VolumeResize.decide(
            "2Gi", List.of(noClass), classes(new ClassFacts(null, false, false)), null);
    Plan missing =
        VolumeResize.decide(
            "2Gi",
            List.of(bound("c-a-0", "1Gi", "1Gi")),
            classes(new ClassFacts("gone", false, false)),
            null);

    assertThat(asked).containsExactly("null", "standard");
    assertThat(none.grow()).isEmpty();
    assertThat(none.status().message).contains("no default one");
    assertThat(missing.grow()).isEmpty();
    assertThat(missing.status().message).contains("StorageClass gone not found");
  }

  @Test
  void theDefaultClassIsNamedInStatusWhenTheClaimNamesNone() {
    Volume noClass = new Volume("c-a-0", "a-0", null, "1Gi", "1Gi", true, false);

    Plan plan = VolumeResize.decide("2Gi", List.of(noClass), classes(EXPANDABLE), null);

    assertThat(plan.grow()).containsExactly("c-a-0");
    assertThat(plan.status().volumes.get(0).storageClass).isEqualTo("standard");
  }

  @Test
  void aSmallerSizeIsRefusedNamingTheFieldAndNothingIsPatched() {
    Plan plan =
        VolumeResize.decide(
            "5Gi",
            List.of(bound("c-a-0", "10Gi", "10Gi"), bound("c-a-1", "10Gi", "10Gi")),
            classes(EXPANDABLE),
            null);

    assertThat(plan.grow()).isEmpty();
    assertThat(plan.status().message)
        .isEqualTo(
            "spec.storage.size: 5Gi is smaller than the 10Gi the volumes already have; volumes"
                + " cannot shrink");
    assertThat(plan.status().volumes).allMatch(v -> v.phase == VolumePhase.ShrinkRefused);
    assertThat(VolumeResize.condition(plan.status()).reason()).isEqualTo("ShrinkRefused");
  }

  @Test
  void unitsAreComparedByValueNotBySpelling() {
    Plan plan =
        VolumeResize.decide(
            "1Gi", List.of(bound("c-a-0", "1073741824", "1Gi")), classes(EXPANDABLE), null);

    assertThat(plan.grow()).isEmpty();
    assertThat(plan.status()).isNull();
  }

  @Test
  void progressIsReportedWhileTheCapacityIsBelowTheRequest() {
    Volume resizing = new Volume("c-a-0", "a-0", "standard", "2Gi", "1Gi", true, false);
    Volume fsPending = new Volume("c-a-1", "a-1", "standard", "2Gi", "1Gi", true, true);
    StorageStatus previous = new StorageStatus();

    Plan plan =
        VolumeResize.decide("2Gi", List.of(resizing, fsPending), classes(EXPANDABLE), previous);

    assertThat(plan.grow()).as("already requested").isEmpty();
    assertThat(plan.status().volumes).allMatch(v -> v.phase == VolumePhase.Expanding);
    assertThat(plan.status().volumes.get(0).message).contains("capacity 1Gi of 2Gi");
    assertThat(plan.status().volumes.get(1).message).contains("FileSystemResizePending");
  }

  @Test
  void doneOnceEveryCapacityReachesTheRequest() {
    Plan plan =
        VolumeResize.decide(
            "2Gi", List.of(bound("c-a-0", "2Gi", "2Gi")), classes(EXPANDABLE), new StorageStatus());

    assertThat(plan.status().volumes.get(0).phase).isEqualTo(VolumePhase.Expanded);
    assertThat(plan.status().message).isNull();
    VolumeResize.Condition c = VolumeResize.condition(plan.status());
    assertThat(c.resized()).isTrue();
    assertThat(c.reason()).isEqualTo("AtRequestedSize");
  }

  @Test
  void anUnboundClaimIsNotPatchedUntilItIsBound() {
    Volume pending = new Volume("c-a-0", "a-0", "standard", "1Gi", null, false, false);

    Plan plan = VolumeResize.decide("2Gi", List.of(pending), classes(EXPANDABLE), null);

    assertThat(plan.grow()).isEmpty();
    assertThat(plan.status().volumes.get(0).phase).isEqualTo(VolumePhase.Expanding);
    assertThat(plan.status().volumes.get(0).message).contains("not bound yet");
  }
}
