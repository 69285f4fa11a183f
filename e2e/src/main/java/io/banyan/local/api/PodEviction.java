package io.banyan.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.local.scheduler.Selectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pods/eviction subresource ({@code POST .../pods/NAME/eviction} with a policy/v1 or v1beta1
 * {@code Eviction}), with the API server's checks against the PodDisruptionBudget that selects the
 * pod — whose status the disruption controller stand-in keeps ({@code
 * io.banyan.local.disruption.DisruptionController}):
 *
 * <ul>
 *   <li>a pod already terminating, Pending or in a terminal phase is deleted without a check;
 *   <li>more than one matching budget → 500; none → deleted;
 *   <li>an unready pod is deleted without using the budget when the budget's {@code
 *       unhealthyPodEvictionPolicy} is {@code AlwaysAllow}, or (default {@code IfHealthyBudget})
 *       when {@code currentHealthy ≥ desiredHealthy > 0};
 *   <li>a budget whose status is older than its spec ({@code observedGeneration}), or with no
 *       disruption allowed → 429 TooManyRequests "Cannot evict pod as it would violate the pod's
 *       disruption budget." with the cause;
 *   <li>else {@code disruptionsAllowed} is decremented, the pod recorded in {@code
 *       status.disruptedPods}, and the pod deleted gracefully with the eviction's DeleteOptions.
 * </ul>
 *
 * All of it under the API's write lock, so two evictions never spend the same disruption.
 */
final class PodEviction {
  static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/eviction$");
  static final String VIOLATION =
      "Cannot evict pod as it would violate the pod's disruption budget.";
  private static final int MAX_DISRUPTED_PODS = 2000;

  private final ObjectStore store;
  private final PodDeletion deletion;

  PodEviction(ObjectStore store, PodDeletion deletion) {
    this.store = store;
    this.deletion = deletion;
  }

  MockResponse evict(String path, String body) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an eviction path: " + path);
    }
    String namespace = m.group(1);
    String name = m.group(2);
    JsonNode eviction = body == null || body.isBlank() ? null : ObjectStore.parse(body);
    if (eviction == null || !"Eviction".equals(eviction.path("kind").asText())) {
      return StatusResponses.failure(400, "BadRequest", "the body must be an Eviction");
    }
    String apiVersion = eviction.path("apiVersion").asText();
    if (!apiVersion.equals("policy/v1") && !apiVersion.equals("policy/v1beta1")) {
      return StatusResponses.failure(
          400, "BadRequest", "unsupported Eviction apiVersion '" + apiVersion + "'");
    }
    String named = eviction.path("metadata").path("name").asText("");
    if (!named.isEmpty() && !named.equals(name)) {
      return StatusResponses.failure(
          400, "BadRequest", "name in URL does not match name in Eviction object");
    }
    JsonNode options =
        eviction.path("deleteOptions").isObject() ? eviction.path("deleteOptions") : null;
    Long grace =
        options != null && options.path("gracePeriodSeconds").isNumber()
            ? options.path("gracePeriodSeconds").asLong()
            : null;
    String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
    return store.write(
        () -> {
          ObjectNode pod = store.get(podPath).orElse(null);
          if (pod == null) {
            return StatusResponses.notFound("pods", name);
          }
          if (canIgnoreBudget(pod)) {
            return deleted(deletion.deleteLocked(podPath, grace, options));
          }
          List<ObjectNode> budgets =
              store
                  .list("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets")
                  .stream()
                  .filter(b -> selects(b, pod))
                  .toList();
          if (budgets.size() > 1) {
            return StatusResponses.failure(
                500,
                "InternalError",
                "This pod has more than one PodDisruptionBudget, which the eviction subresource"
                    + " does not support.");
          }
          if (budgets.isEmpty()) {
            return deleted(deletion.deleteLocked(podPath, grace, options));
          }
          ObjectNode budget = budgets.get(0);
          JsonNode status = budget.path("status");
          if (!ready(pod)) {
            boolean alwaysAllow =
                "AlwaysAllow"
                    .equals(budget.path("spec").path("unhealthyPodEvictionPolicy").asText());
            long desired = status.path("desiredHealthy").asLong(0);
            if (alwaysAllow
                || (status.path("currentHealthy").asLong(0) >= desired && desired > 0)) {
              return deleted(deletion.deleteLocked(podPath, grace, options));
            }
          }
          String budgetName = budget.path("metadata").path("name").asText();
          if (status.path("observedGeneration").asLong(0)
              < budget.path("metadata").path("generation").asLong(0)) {
            return tooManyRequests(
                "The disruption budget " + budgetName + " is still being processed by the server.");
          }
          long allowed = status.path("disruptionsAllowed").asLong(0);
          if (allowed < 0) {
            return StatusResponses.failure(403, "Forbidden", "pdb disruptions allowed is negative");
          }
          if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
            return StatusResponses.failure(
                403,
                "Forbidden",
                "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
          }
          if (allowed == 0) {
            return tooManyRequests(
                "The disruption budget "
                    + budgetName
                    + " needs "
                    + status.path("desiredHealthy").asLong(0)
                    + " healthy pods and has "
                    + status.path("currentHealthy").asLong(0)
                    + " currently");
          }
          ObjectNode newStatus = (ObjectNode) budget.path("status");
          newStatus.put("disruptionsAllowed", allowed - 1);
          ObjectNode disrupted =
              newStatus.path("disruptedPods").isObject()
                  ? (ObjectNode) newStatus.path("disruptedPods")
                  : newStatus.putObject("disruptedPods");
          disrupted.put(name, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
          store.put(
              "/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets/" + budgetName,
              budget);
          return deleted(deletion.deleteLocked(podPath, grace, options));
        });
  }

  private static MockResponse deleted(MockResponse deletion) {
    return deletion.code() == 200 ? StatusResponses.success(201) : deletion;
  }

  private static MockResponse tooManyRequests(String cause) {
    ObjectNode details = ObjectStore.JSON.createObjectNode();
    ObjectNode c = details.putArray("causes").addObject();
    c.put("reason", "DisruptionBudget");
    c.put("message", cause);
    return StatusResponses.failure(429, "TooManyRequests", VIOLATION, details);
  }

  /** Terminating, Pending or finished pods: no budget applies. */
  private static boolean canIgnoreBudget(ObjectNode pod) {
    String phase = pod.path("status").path("phase").asText("");
    return pod.path("metadata").hasNonNull("deletionTimestamp")
        || phase.equals("Pending")
        || phase.equals("Succeeded")
        || phase.equals("Failed");
  }

  static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText());
      }
    }
    return false;
  }

  private static boolean selects(ObjectNode budget, ObjectNode pod) {
    JsonNode selector = budget.path("spec").path("selector");
    if (!selector.isObject()) {
      return false;
    }
    LabelSelector s = Serialization.jsonMapper().convertValue(selector, LabelSelector.class);
    Map<String, String> labels = new HashMap<>();
    pod.path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return Selectors.matches(s, labels);
  }
}
