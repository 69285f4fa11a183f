package io.banyan.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.mockwebserver.http.MockResponse;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What kube-apiserver does to PersistentVolumeClaims and the mock does not, for volume expansion:
 *
 * <ul>
 *   <li>the DefaultStorageClass admission plugin: a claim created without {@code
 *       spec.storageClassName} gets the default StorageClass's name (the class annotated {@code
 *       storageclass.kubernetes.io/is-default-class: "true"}; the newest when several are);
 *   <li>the claim's update validation: the spec is immutable except {@code resources.requests} of a
 *       bound claim (and a {@code volumeName} not set yet, which the binder fills in) — 422 with
 *       Kubernetes's messages, "field can not be less than previous value" for a smaller request;
 *   <li>the PersistentVolumeClaimResize admission plugin: a larger request is refused (403) unless
 *       the claim's StorageClass exists and has {@code allowVolumeExpansion: true}.
 * </ul>
 *
 * Not emulated: {@code volumeAttributesClassName}, the RecoverVolumeExpansionFailure feature (a
 * request lowered back above the capacity after a failed expansion), PersistentVolume objects.
 */
final class ClaimRules {
  static final Pattern CLAIM =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/persistentvolumeclaims/([^/]+)$");
  static final Pattern CLAIMS =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/persistentvolumeclaims$");
  static final String STORAGE_CLASSES = "/apis/storage.k8s.io/v1/storageclasses";
  static final List<String> DEFAULT_ANNOTATIONS =
      List.of(
          "storageclass.kubernetes.io/is-default-class",
          "storageclass.beta.kubernetes.io/is-default-class");

  private final ObjectStore store;

  ClaimRules(ObjectStore store) {
    this.store = store;
  }

  /** DefaultStorageClass admission on create: the claim with the default class's name filled in. */
  JsonNode admitCreate(JsonNode claim) {
    if (!(claim.path("spec") instanceof ObjectNode spec) || spec.hasNonNull("storageClassName")) {
      return claim;
    }
    if (claim.path("metadata").path("annotations").has("volume.beta.kubernetes.io/storage-class")) {
      return claim; // the class is named the old way
    }
    defaultClass().ifPresent(name -> spec.put("storageClassName", name));
    return claim;
  }

  private Optional<String> defaultClass() {
    return store.list(STORAGE_CLASSES).stream()
        .filter(
            c ->
                DEFAULT_ANNOTATIONS.stream()
                    .anyMatch(
                        a ->
                            "true".equals(c.path("metadata").path("annotations").path(a).asText())))
        .max(Comparator.comparing(c -> c.path("metadata").path("creationTimestamp").asText("")))
        .map(c -> c.path("metadata").path("name").asText());
  }

  /**
   * Validation, then resize admission, of an update of {@code current} to {@code updated} (the
   * object path, not /status); empty when allowed, else the API server's refusal.
   */
  Optional<MockResponse> checkUpdate(ObjectNode current, ObjectNode updated) {
    String name = current.path("metadata").path("name").asText();
    boolean bound = "Bound".equals(current.path("status").path("phase").asText());
    JsonNode oldSpec = current.path("spec");
    ObjectNode newSpec =
        updated.path("spec") instanceof ObjectNode s
            ? s.deepCopy()
            : ObjectStore.JSON.createObjectNode();
    BigDecimal oldSize = storage(oldSpec);
    BigDecimal newSize;
    try {
      newSize = storage(newSpec);
    } catch (IllegalArgumentException e) {
      return Optional.of(
          invalid(
              name,
              "spec.resources.requests.storage: Invalid value: "
                  + newSpec.path("resources").path("requests").path("storage")
                  + ": quantities must match the regular expression of a Kubernetes quantity"));
    }
    // What may change: the storage request of a bound claim; volumeName once, by the binder.
    if (bound) {
      copyRequest(oldSpec, newSpec);
    }
    if (!oldSpec.hasNonNull("volumeName") || oldSpec.path("volumeName").asText().isEmpty()) {
      if (oldSpec.has("volumeName")) {
        newSpec.set("volumeName", oldSpec.get("volumeName"));
      } else {
        newSpec.remove("volumeName");
      }
    }
    if (!newSpec.equals(oldSpec)) {
      return Optional.of(
          invalid(
              name,
              "spec: Forbidden: spec is immutable after creation except resources.requests and"
                  + " volumeAttributesClassName for bound claims"));
    }
    if (newSize.compareTo(oldSize) < 0) {
      return Optional.of(
          invalid(
              name,
              "spec.resources.requests.storage: Forbidden: field can not be less than previous"
                  + " value"));
    }
    if (newSize.compareTo(oldSize) > 0 && !classAllowsExpansion(current)) {
      return Optional.of(
          StatusResponses.failure(
              403,
              "Forbidden",
              "persistentvolumeclaims \""
                  + name
                  + "\" is forbidden: only dynamically provisioned pvc can be resized and the"
                  + " storageclass that provisions the pvc must support resize"));
    }
    return Optional.empty();
  }

  private boolean classAllowsExpansion(ObjectNode claim) {
    String name = claim.path("spec").path("storageClassName").asText("");
    if (name.isEmpty()) {
      name =
          claim
              .path("metadata")
              .path("annotations")
              .path("volume.beta.kubernetes.io/storage-class")
              .asText("");
    }
    if (name.isEmpty()) {
      return false;
    }
    return store
        .get(STORAGE_CLASSES + "/" + name)
        .map(c -> c.path("allowVolumeExpansion").asBoolean(false))
        .orElse(false);
  }

  private static void copyRequest(JsonNode from, ObjectNode to) {
    JsonNode request = from.path("resources").path("requests").path("storage");
    if (request.isMissingNode()) {
      return;
    }
    JsonNode resources = to.path("resources");
    if (!(resources instanceof ObjectNode r)) {
      return; // removing the requests altogether stays a spec change
    }
    JsonNode requests = r.path("requests");
    if (requests instanceof ObjectNode q && q.has("storage")) {
      q.set("storage", request);
    }
  }

  private static BigDecimal storage(JsonNode spec) {
    JsonNode q = spec.path("resources").path("requests").path("storage");
    return q.isMissingNode() || q.isNull()
        ? BigDecimal.ZERO
        : Quantity.getAmountInBytes(new Quantity(q.asText()));
  }

  private static MockResponse invalid(String name, String cause) {
    return StatusResponses.failure(
        422, "Invalid", "PersistentVolumeClaim \"" + name + "\" is invalid: " + cause);
  }
}
