package io.banyan.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;

/**
 * fabric8's CRUD dispatcher with the API server behaviour local mode needs and the mock lacks:
 *
 * <ul>
 *   <li>server-side apply ({@code application/apply-patch+yaml}; 404/415 in the mock, while
 *       java-operator-sdk uses it by default): the object is created when absent and merged into
 *       when present. Field ownership and conflicts are not emulated: the last applier wins;
 *   <li>JSON merge patch ({@code application/merge-patch+json}) per RFC 7386 — the mock appends
 *       arrays instead of replacing them (see {@link JsonMergePatch});
 *   <li>graceful deletion of pods ({@link PodDeletion}); {@code metadata.deletionTimestamp} and
 *       {@code deletionGracePeriodSeconds} are set only by DELETE and cannot be changed or cleared
 *       by an update, and an update never removes a Terminating pod (the mock deletes any object
 *       written with a deletionTimestamp and no finalizers);
 *   <li>the pods/eviction ({@link PodEviction}) and pods/binding ({@link PodBinding}) subresources;
 *   <li>PersistentVolumeClaims: the default StorageClass on create, the update validation and the
 *       resize admission ({@link ClaimRules}).
 * </ul>
 *
 * Patches end as a whole-object update at the current resourceVersion — or the one the patch names,
 * so a stale patch still conflicts (409). Query strings (e.g. {@code ?fieldManager=}) are dropped,
 * which also makes {@code /status} paths resolve.
 */
final class ApiDispatcher extends KubernetesCrudDispatcher {
  static final String APPLY_PATCH = "application/apply-patch+yaml";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String JSON_PATCH = "application/json-patch+json";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> IMMUTABLE_METADATA =
      List.of(
          "namespace",
          "uid",
          "creationTimestamp",
          "generation",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  private final ObjectStore store = new ObjectStore(this);
  private final PodDeletion deletion = new PodDeletion(store);
  private final PodEviction eviction = new PodEviction(store, deletion);
  private final PodBinding binding = new PodBinding(store);
  private final ClaimRules claims = new ClaimRules(store);

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = withoutQuery(request.getPath());
    String contentType = request.getHeader("Content-Type");
    switch (request.method()) {
      case DELETE -> {
        if (PodDeletion.POD_PATH.matcher(path).matches()) {
          return deletion.delete(path, query(request.getPath()), request.getBody().readUtf8());
        }
      }
      case POST -> {
        if (ClaimRules.CLAIMS.matcher(path).matches()) {
          return createClaim(request, path);
        }
        if (PodEviction.PATH.matcher(path).matches()) {
          return eviction.evict(path, request.getBody().readUtf8());
        }
        if (PodBinding.matches(path)) {
          return binding.bind(path, request.getBody().readUtf8());
        }
      }
      case PATCH -> {
        if (contentType != null && contentType.startsWith(APPLY_PATCH)) {
          return patch(path, request.getUtf8Body(), true);
        }
        if (contentType != null && contentType.startsWith(MERGE_PATCH)) {
          return patch(path, request.getUtf8Body(), false);
        }
        if (contentType == null || contentType.startsWith(JSON_PATCH)) {
          return jsonPatch(request, path);
        }
      }
      default -> {}
    }
    return super.dispatch(request);
  }

  /** PUT (and every patch, once merged): see the class comment for the deletion fields. */
  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    String path = withoutQuery(request.getPath());
    String body = request.getBody().readUtf8();
    return store.write(() -> update(path, body));
  }

  /** Lets {@link ObjectStore} set an object's final state before removing it. */
  void storeRaw(AttributeSet key, String json) {
    map.put(key, json);
  }

  private MockResponse update(String path, String body) {
    boolean status = path.endsWith("/status");
    String objectPath = status ? path.substring(0, path.length() - "/status".length()) : path;
    ObjectNode current = store.get(objectPath).orElse(null);
    JsonNode parsed;
    try {
      parsed = ObjectStore.JSON.readTree(body);
    } catch (IOException e) {
      return StatusResponses.failure(400, "BadRequest", "the body is not JSON: " + e.getMessage());
    }
    if (current == null
        || !(parsed instanceof ObjectNode updated)
        || !updated.path("metadata").isObject()) {
      return super.handleUpdate(request(HttpMethod.PUT, path, body));
    }
    if (!status && ClaimRules.CLAIM.matcher(path).matches()) {
      Optional<MockResponse> refused = claims.checkUpdate(current, updated);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    ObjectNode meta = (ObjectNode) updated.path("metadata");
    String wanted = meta.path("resourceVersion").asText("");
    if (status
        && !wanted.isEmpty()
        && !wanted.equals(current.path("metadata").path("resourceVersion").asText())) {
      // The mock checks resourceVersion on the object but not on /status; the API server does.
      return conflict(current);
    }
    if (!current.path("metadata").hasNonNull("deletionTimestamp")) {
      meta.remove("deletionTimestamp");
      meta.remove("deletionGracePeriodSeconds");
      return super.handleUpdate(request(HttpMethod.PUT, path, ObjectStore.json(updated)));
    }
    return updateTerminating(path, status, objectPath, current, updated);
  }

  /**
   * An update of an object being deleted: the mock's handlers would remove it, so it is done here
   * with the same rules (status subresource, resourceVersion check, metadata the server owns). It
   * is removed only once no finalizer and no grace period is left.
   */
  private MockResponse updateTerminating(
      String path, boolean status, String objectPath, ObjectNode current, ObjectNode updated) {
    String wanted = updated.path("metadata").path("resourceVersion").asText("");
    String have = current.path("metadata").path("resourceVersion").asText("");
    if (!wanted.isEmpty() && !wanted.equals(have)) {
      return conflict(current);
    }
    ObjectNode result;
    if (status) {
      result = current.deepCopy();
      result.set("status", updated.get("status"));
    } else {
      result = updated;
      if (isStatusSubresourceEnabledForResource(path) && current.has("status")) {
        result.set("status", current.get("status"));
      }
    }
    ObjectNode meta = (ObjectNode) result.path("metadata");
    ObjectNode currentMeta = (ObjectNode) current.path("metadata");
    for (String field : IMMUTABLE_METADATA) {
      if (currentMeta.has(field)) {
        meta.set(field, currentMeta.get(field).deepCopy());
      } else {
        meta.remove(field);
      }
    }
    meta.put("resourceVersion", have);
    if (!status) {
      touchGeneration(current, result);
    }
    if (result.equals(current)) {
      return StatusResponses.object(200, current);
    }
    boolean finalizers = meta.has("finalizers") && !meta.path("finalizers").isEmpty();
    if (!finalizers && meta.path("deletionGracePeriodSeconds").asLong(0) == 0) {
      store.remove(objectPath, result);
      return StatusResponses.object(200, result);
    }
    return StatusResponses.object(200, store.put(objectPath, result));
  }

  private static MockResponse conflict(JsonNode current) {
    return StatusResponses.failure(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + current.path("kind").asText()
            + " \""
            + current.path("metadata").path("name").asText()
            + "\": the object has been modified; please apply your changes to the latest"
            + " version and try again");
  }

  /** A JSON patch: the mock's own, except on an object being deleted (see {@link #update}). */
  private MockResponse jsonPatch(RecordedRequest request, String path) {
    String objectPath = path.endsWith("/status") ? path.substring(0, path.length() - 7) : path;
    String body = request.getUtf8Body();
    return store.write(
        () -> {
          ObjectNode current = store.get(objectPath).orElse(null);
          boolean claim = ClaimRules.CLAIM.matcher(objectPath).matches();
          if (current == null
              || (!claim && !current.path("metadata").hasNonNull("deletionTimestamp"))) {
            return super.handlePatch(request(HttpMethod.PATCH, path, body, JSON_PATCH));
          }
          JsonNode patched = JsonPatch.apply(ObjectStore.parse(body), current);
          return update(path, ObjectStore.json(patched));
        });
  }

  /** A claim's create, after the DefaultStorageClass admission ({@link ClaimRules}). */
  private MockResponse createClaim(RecordedRequest request, String path) {
    String body = request.getBody().readUtf8();
    JsonNode claim;
    try {
      claim = ObjectStore.JSON.readTree(body);
    } catch (IOException e) {
      return StatusResponses.failure(400, "BadRequest", "the body is not JSON: " + e.getMessage());
    }
    String admitted = ObjectStore.json(store.write(() -> claims.admitCreate(claim)));
    return super.dispatch(request(HttpMethod.POST, request.getPath(), admitted));
  }

  private MockResponse patch(String path, String body, boolean createIfAbsent) {
    JsonNode patch;
    try {
      // An apply body is YAML by its content type; JSON (what fabric8 sends) is YAML too.
      patch = YAML.readTree(body);
    } catch (IOException e) {
      return new MockResponse().setResponseCode(400).setBody("patch body is not YAML: " + e);
    }
    boolean status = path.endsWith("/status");
    String objectPath = status ? path.substring(0, path.length() - "/status".length()) : path;
    return store.write(
        () -> {
          MockResponse current = handleGet(objectPath);
          if (current.code() != HttpURLConnection.HTTP_OK) {
            if (!createIfAbsent || status) {
              return current;
            }
            String collection = objectPath.substring(0, objectPath.lastIndexOf('/'));
            return handleCreate(request(HttpMethod.POST, collection, ObjectStore.json(patch)));
          }
          JsonNode existing = ObjectStore.parse(current.getBody().readUtf8());
          JsonNode merged = JsonMergePatch.apply(existing, patch);
          JsonNode wantedVersion = patch.path("metadata").path("resourceVersion");
          ((ObjectNode) merged.path("metadata"))
              .put(
                  "resourceVersion",
                  wantedVersion.isTextual()
                      ? wantedVersion.asText()
                      : existing.path("metadata").path("resourceVersion").asText());
          return update(path, ObjectStore.json(merged));
        });
  }

  private static RecordedRequest request(HttpMethod method, String path, String body) {
    return request(method, path, body, "application/json");
  }

  private static RecordedRequest request(
      HttpMethod method, String path, String body, String contentType) {
    Headers headers = Headers.builder().add("Content-Type", contentType).build();
    return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer().writeUtf8(body));
  }

  private static String withoutQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private static String query(String path) {
    int q = path.indexOf('?');
    return q < 0 ? "" : path.substring(q + 1);
  }
}
