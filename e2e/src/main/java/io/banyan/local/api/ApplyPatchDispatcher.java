package io.banyan.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.HttpURLConnection;

/**
 * fabric8's CRUD dispatcher with two patch types done the API server's way:
 *
 * <ul>
 *   <li>server-side apply ({@code application/apply-patch+yaml}), which the mock lacks (404 on
 *       create, 415 on update) while java-operator-sdk uses it by default: the object is created
 *       when absent and merged into when present. Field ownership and conflicts are not emulated:
 *       the last applier wins, which is all one operator against a test server needs;
 *   <li>JSON merge patch ({@code application/merge-patch+json}), which the mock implements with
 *       array appending instead of RFC 7386's replacement (see {@link JsonMergePatch}).
 * </ul>
 *
 * Both end as a whole-object update (PUT) of the merged object at the current resourceVersion — or
 * the one the patch names, so a stale patch still conflicts (409). Query strings (e.g. {@code
 * ?fieldManager=}) are dropped, which also makes {@code /status} paths resolve.
 */
final class ApplyPatchDispatcher extends KubernetesCrudDispatcher {
  static final String APPLY_PATCH = "application/apply-patch+yaml";
  static final String MERGE_PATCH = "application/merge-patch+json";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (request.method() == HttpMethod.PATCH && contentType != null) {
      if (contentType.startsWith(APPLY_PATCH)) {
        return patch(request, true);
      }
      if (contentType.startsWith(MERGE_PATCH)) {
        return patch(request, false);
      }
    }
    return super.dispatch(request);
  }

  private MockResponse patch(RecordedRequest request, boolean createIfAbsent) {
    String path = withoutQuery(request.getPath());
    JsonNode patch;
    try {
      // An apply body is YAML by its content type; JSON (what fabric8 sends) is YAML too.
      patch = YAML.readTree(request.getUtf8Body());
    } catch (IOException e) {
      return new MockResponse().setResponseCode(400).setBody("patch body is not YAML: " + e);
    }
    boolean status = path.endsWith("/status");
    String objectPath = status ? path.substring(0, path.length() - "/status".length()) : path;
    MockResponse current = handleGet(objectPath);
    if (current.code() != HttpURLConnection.HTTP_OK) {
      if (!createIfAbsent || status) {
        return current;
      }
      String collection = objectPath.substring(0, objectPath.lastIndexOf('/'));
      return handleCreate(request(HttpMethod.POST, collection, json(patch)));
    }
    try {
      JsonNode existing = JSON.readTree(current.getBody().readUtf8());
      JsonNode merged = JsonMergePatch.apply(existing, patch);
      JsonNode wantedVersion = patch.path("metadata").path("resourceVersion");
      ((ObjectNode) merged.path("metadata"))
          .put(
              "resourceVersion",
              wantedVersion.isTextual()
                  ? wantedVersion.asText()
                  : existing.path("metadata").path("resourceVersion").asText());
      return handleUpdate(request(HttpMethod.PUT, path, json(merged)));
    } catch (IOException e) {
      return new MockResponse().setResponseCode(500).setBody("cannot merge: " + e);
    }
  }

  private static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RecordedRequest request(HttpMethod method, String path, String body) {
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer().writeUtf8(body));
  }

  private static String withoutQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }
}
