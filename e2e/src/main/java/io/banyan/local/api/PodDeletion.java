package io.banyan.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Graceful deletion of Pods, as the API server does it (the mock removes any object at once). A
 * DELETE sets {@code metadata.deletionTimestamp} (now + grace) and {@code
 * deletionGracePeriodSeconds} and keeps the object, so watchers see the pod Terminating; the
 * kubelet that runs it stops its containers and then deletes it again with grace 0, which removes
 * it. The grace period is the request's {@code gracePeriodSeconds} (body or query), else the pod's
 * {@code spec.terminationGracePeriodSeconds}, else 30. A later DELETE may shorten it, never
 * lengthen it. Removed at once: with grace 0 (a forced delete — the process may run on until its
 * kubelet notices), a pod not bound to a node, a pod in a terminal phase. A pod with finalizers
 * stays until they are removed. {@code preconditions.uid} and {@code preconditions.resourceVersion}
 * are checked (409). Other kinds keep the mock's behaviour (immediate, or held by finalizers).
 */
final class PodDeletion {
  static final long DEFAULT_GRACE_SECONDS = 30;
  static final Pattern POD_PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)$");
  private static final Pattern GRACE_QUERY = Pattern.compile("(?:^|&)gracePeriodSeconds=(-?\\d+)");

  private final ObjectStore store;

  PodDeletion(ObjectStore store) {
    this.store = store;
  }

  /** Handles {@code DELETE /api/v1/namespaces/ns/pods/name[?query]} with its DeleteOptions body. */
  MockResponse delete(String path, String query, String body) {
    JsonNode options = body == null || body.isBlank() ? null : ObjectStore.parse(body);
    Long grace = null;
    if (options != null && options.path("gracePeriodSeconds").isNumber()) {
      grace = options.path("gracePeriodSeconds").asLong();
    }
    Matcher q = GRACE_QUERY.matcher(query == null ? "" : query);
    if (grace == null && q.find()) {
      grace = Long.parseLong(q.group(1));
    }
    Long requested = grace;
    return store.write(() -> deleteLocked(path, requested, options));
  }

  /** The deletion itself; the caller holds the store's write lock (eviction calls this too). */
  MockResponse deleteLocked(String path, Long requestedGrace, JsonNode options) {
    Matcher m = POD_PATH.matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a pod path: " + path);
    }
    ObjectNode pod = store.get(path).orElse(null);
    if (pod == null) {
      return StatusResponses.notFound("pods", m.group(2));
    }
    ObjectNode meta = (ObjectNode) pod.path("metadata");
    JsonNode pre = options == null ? null : options.path("preconditions");
    if (pre != null
        && pre.path("uid").isTextual()
        && !pre.path("uid").asText().equals(meta.path("uid").asText())) {
      return conflict(
          m.group(2),
          "UID in precondition: "
              + pre.path("uid").asText()
              + ", UID in object meta: "
              + meta.path("uid").asText());
    }
    if (pre != null
        && pre.path("resourceVersion").isTextual()
        && !pre.path("resourceVersion").asText().equals(meta.path("resourceVersion").asText())) {
      return conflict(
          m.group(2),
          "ResourceVersion in precondition: "
              + pre.path("resourceVersion").asText()
              + ", ResourceVersion in object meta: "
              + meta.path("resourceVersion").asText());
    }
    long grace =
        requestedGrace != null
            ? requestedGrace
            : pod.path("spec").path("terminationGracePeriodSeconds").asLong(DEFAULT_GRACE_SECONDS);
    if (grace < 0) {
      grace = 1; // as the API server turns a negative request into the shortest graceful one
    }
    String phase = pod.path("status").path("phase").asText("");
    if (pod.path("spec").path("nodeName").asText("").isEmpty()
        || phase.equals("Succeeded")
        || phase.equals("Failed")) {
      grace = 0; // nothing runs it, or nothing runs any more: no one to wait for
    }
    boolean marked = meta.hasNonNull("deletionTimestamp");
    if (marked && grace > 0 && grace >= meta.path("deletionGracePeriodSeconds").asLong(0)) {
      return StatusResponses.object(200, pod); // already terminating at least as fast
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    if (!marked) {
      meta.put("deletionTimestamp", now.plusSeconds(grace).toString());
    } else if (grace > 0) {
      // Shortened: the deadline moves by the difference, counted from the first request.
      Instant first =
          Instant.parse(meta.path("deletionTimestamp").asText())
              .minusSeconds(meta.path("deletionGracePeriodSeconds").asLong(0));
      meta.put("deletionTimestamp", first.plusSeconds(grace).toString());
    }
    meta.put("deletionGracePeriodSeconds", grace);
    if (grace > 0 || (meta.has("finalizers") && !meta.path("finalizers").isEmpty())) {
      return StatusResponses.object(200, store.put(path, pod));
    }
    store.remove(path, pod);
    return StatusResponses.object(200, pod);
  }

  private static MockResponse conflict(String name, String detail) {
    return StatusResponses.failure(
        409,
        "Conflict",
        "Operation cannot be fulfilled on Pod \"" + name + "\": Precondition failed: " + detail);
  }
}
