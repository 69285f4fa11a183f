package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.storage.VolumeResize.ClassFacts;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageClassesTest {
  private final List<String> reads = new ArrayList<>();
  private final List<StorageClass> stored = new ArrayList<>();

  private static StorageClass storageClass(
      String name, Boolean expandable, boolean isDefault, String created) {
    var b =
        new StorageClassBuilder()
            .withNewMetadata()
            .withName(name)
            .withCreationTimestamp(created)
            .endMetadata()
            .withAllowVolumeExpansion(expandable);
    if (isDefault) {
      b.editMetadata()
          .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
          .endMetadata();
    }
    return b.build();
  }

  private ClassFacts facts(StorageClasses classes, String name, Instant now) {
    return classes.facts(
        name,
        now,
        n -> {
          reads.add("get " + n);
          return stored.stream()
              .filter(c -> c.getMetadata().getName().equals(n))
              .findFirst()
              .orElse(null);
        },
        () -> {
          reads.add("list");
          return List.copyOf(stored);
        });
  }

  @Test
  void aClassIsReadAtMostOncePerMaxAge() {
    StorageClasses classes = new StorageClasses();
    stored.add(storageClass("fixed", null, false, "2026-01-01T00:00:00Z"));
    Instant t0 = Instant.parse("2026-12-07T00:00:00Z");

    assertThat(facts(classes, "fixed", t0)).isEqualTo(new ClassFacts("fixed", true, false));
    stored.set(0, storageClass("fixed", true, false, "2026-01-01T00:00:00Z"));
    assertThat(facts(classes, "fixed", t0.plusSeconds(30)).allowsExpansion())
        .as("cached")
        .isFalse();
    assertThat(
            facts(classes, "fixed", t0.plus(StorageClasses.MAX_AGE).plusSeconds(1))
                .allowsExpansion())
        .as("read again once older than MAX_AGE")
        .isTrue();
    assertThat(reads).containsExactly("get fixed", "get fixed");
  }

  @Test
  void theDefaultClassIsTheNewestAnnotatedOneOrNone() {
    StorageClasses classes = new StorageClasses();
    Instant now = Instant.parse("2026-12-07T00:00:00Z");
    assertThat(facts(classes, null, now)).isEqualTo(new ClassFacts(null, false, false));

    stored.add(storageClass("old-default", false, true, "2025-01-01T00:00:00Z"));
    stored.add(storageClass("new-default", true, true, "2026-01-01T00:00:00Z"));
    stored.add(storageClass("plain", true, false, "2026-06-01T00:00:00Z"));

    assertThat(StorageClasses.defaultClass(stored).getMetadata().getName())
        .isEqualTo("new-default");
    assertThat(facts(classes, "", now.plus(StorageClasses.MAX_AGE).plusSeconds(1)))
        .isEqualTo(new ClassFacts("new-default", true, true));
    assertThat(reads).containsExactly("list", "list");
  }
}
