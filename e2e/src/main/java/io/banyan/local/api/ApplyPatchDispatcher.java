package io.banyan.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * fabric8's CRUD dispatcher plus a stand-in for server-side apply, which the mock server lacks (it
 * answers 404 on create and 415 on update) while java-operator-sdk uses it by default.
 *
 * <p>An apply request ({@code PATCH} with content type {@code application/apply-patch+yaml})
 * creates the object when it is absent and is merged into it (JSON merge patch) when present. Field
 * ownership and conflict detection are not emulated: the last applier wins, which is all a single
 * operator against a test server needs.
 */
final class ApplyPatchDispatcher extends KubernetesCrudDispatcher {
  static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (request.method() == HttpMethod.PATCH
        && contentType != null
        && contentType.startsWith(APPLY_PATCH)) {
      return apply(request);
    }
    return super.dispatch(request);
  }

  private MockResponse apply(RecordedRequest request) {
    String path = withoutQuery(request.getPath());
    String body;
    try {
      // The body is YAML by content type; fabric8 sends JSON, which is YAML too.
      JsonNode tree = YAML.readTree(request.getUtf8Body());
      body = JSON.writeValueAsString(tree);
    } catch (IOException e) {
      return new MockResponse().setResponseCode(400).setBody("apply body is not YAML: " + e);
    }
    boolean status = path.endsWith("/status");
    String objectPath = status ? path.substring(0, path.length() - "/status".length()) : path;
    boolean exists = handleGet(objectPath).code() == HttpURLConnection.HTTP_OK;
    if (!exists && !status) {
      String collection = objectPath.substring(0, objectPath.lastIndexOf('/'));
      MockResponse created =
          handleCreate(request(HttpMethod.POST, collection, "application/json", body));
      return created;
    }
    return handlePatch(request(HttpMethod.PATCH, path, MERGE_PATCH, body));
  }

  private static RecordedRequest request(
      HttpMethod method, String path, String contentType, String body) {
    Headers headers = Headers.builder().add("Content-Type", contentType).build();
    return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer().writeUtf8(body));
  }

  private static String withoutQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }
}
