package io.banyan.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pods/binding subresource (and the older {@code bindings} collection), which the scheduler
 * uses to assign a pod to a node: sets {@code spec.nodeName} once — a bound pod answers 409 — and
 * the {@code PodScheduled=True} condition, as the API server's binding storage does.
 */
final class PodBinding {
  static final Pattern SUBRESOURCE =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/binding$");
  static final Pattern COLLECTION = Pattern.compile("^/api/v1/namespaces/([^/]+)/bindings$");

  private final ObjectStore store;

  PodBinding(ObjectStore store) {
    this.store = store;
  }

  /** Whether {@code path} (no query) is a binding request. */
  static boolean matches(String path) {
    return SUBRESOURCE.matcher(path).matches() || COLLECTION.matcher(path).matches();
  }

  MockResponse bind(String path, String body) {
    JsonNode binding = ObjectStore.parse(body);
    Matcher sub = SUBRESOURCE.matcher(path);
    Matcher col = COLLECTION.matcher(path);
    String namespace = sub.matches() ? sub.group(1) : col.matches() ? col.group(1) : null;
    String name = sub.matches() ? sub.group(2) : binding.path("metadata").path("name").asText("");
    String node = binding.path("target").path("name").asText("");
    if (namespace == null || name.isEmpty() || node.isEmpty()) {
      return StatusResponses.failure(
          400, "BadRequest", "a Binding needs metadata.name and target.name");
    }
    String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
    return store.write(
        () -> {
          ObjectNode pod = store.get(podPath).orElse(null);
          if (pod == null) {
            return StatusResponses.notFound("pods", name);
          }
          String uid = binding.path("metadata").path("uid").asText("");
          if (!uid.isEmpty() && !uid.equals(pod.path("metadata").path("uid").asText())) {
            return conflict(name, "the UID in the binding does not match the pod's");
          }
          if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
            return conflict(
                name, "pod " + name + " is being deleted, cannot be assigned to a host");
          }
          String current = pod.path("spec").path("nodeName").asText("");
          if (!current.isEmpty()) {
            return conflict(
                name, "pod " + name + " is already assigned to node \"" + current + "\"");
          }
          ((ObjectNode) pod.path("spec")).put("nodeName", node);
          scheduledCondition(pod);
          store.put(podPath, pod);
          return StatusResponses.object(201, binding);
        });
  }

  private static void scheduledCondition(ObjectNode pod) {
    ObjectNode status =
        pod.path("status").isObject() ? (ObjectNode) pod.path("status") : pod.putObject("status");
    ArrayNode conditions =
        status.path("conditions").isArray()
            ? (ArrayNode) status.path("conditions")
            : status.putArray("conditions");
    for (int i = conditions.size() - 1; i >= 0; i--) {
      if ("PodScheduled".equals(conditions.get(i).path("type").asText())) {
        conditions.remove(i);
      }
    }
    ObjectNode c = conditions.addObject();
    c.put("type", "PodScheduled");
    c.put("status", "True");
    c.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static MockResponse conflict(String name, String message) {
    return StatusResponses.failure(
        409,
        "Conflict",
        "Operation cannot be fulfilled on pods/binding \"" + name + "\": " + message);
  }
}
