package io.banyan.operator.reconcile;

import io.banyan.operator.storage.VolumeResize.ClassFacts;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the operator knows about StorageClasses, read at most every {@link #MAX_AGE} per class (one
 * GET, or one LIST for the default class) and only when a volume must grow: an idle cluster costs
 * no read. Not an informer: StorageClasses are cluster-scoped and not the operator's, a watch on
 * them would cost every operator a cluster-wide stream for a question asked once per resize. A
 * class changed meanwhile (expansion allowed after the refusal) is seen within {@link #MAX_AGE}.
 */
final class StorageClasses {
  static final Duration MAX_AGE = Duration.ofSeconds(60);

  /** Annotations that mark the default class (the beta one is still honoured by Kubernetes). */
  static final List<String> DEFAULT_ANNOTATIONS =
      List.of(
          "storageclass.kubernetes.io/is-default-class",
          "storageclass.beta.kubernetes.io/is-default-class");

  private record Read(ClassFacts facts, Instant at) {}

  /** By class name; the default class under the empty name. */
  private final Map<String, Read> known = new HashMap<>();

  /**
   * The facts about {@code name} (null: the cluster's default class), read through {@code get} (a
   * GET by name, null when absent) or {@code list} when the last read is older than {@link
   * #MAX_AGE}.
   */
  ClassFacts facts(
      String name,
      Instant now,
      Function<String, StorageClass> get,
      Supplier<List<StorageClass>> list) {
    String key = name == null || name.isEmpty() ? "" : name;
    Read r = known.get(key);
    if (r == null || r.at().plus(MAX_AGE).isBefore(now)) {
      StorageClass c = key.isEmpty() ? defaultClass(list.get()) : get.apply(key);
      r =
          new Read(
              c == null
                  ? new ClassFacts(key.isEmpty() ? null : key, false, false)
                  : new ClassFacts(
                      c.getMetadata().getName(),
                      true,
                      Boolean.TRUE.equals(c.getAllowVolumeExpansion())),
              now);
      known.put(key, r);
    }
    return r.facts();
  }

  /**
   * The class marked default; with several, the newest, as Kubernetes's DefaultStorageClass
   * admission picks since 1.26.
   */
  static StorageClass defaultClass(List<StorageClass> classes) {
    return classes.stream()
        .filter(
            c ->
                c.getMetadata().getAnnotations() != null
                    && DEFAULT_ANNOTATIONS.stream()
                        .anyMatch(a -> "true".equals(c.getMetadata().getAnnotations().get(a))))
        .max(
            Comparator.comparing(
                c -> Objects.requireNonNullElse(c.getMetadata().getCreationTimestamp(), "")))
        .orElse(null);
  }
}
