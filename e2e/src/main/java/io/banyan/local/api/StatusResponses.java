package io.banyan.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** The API server's {@code Status} replies (kind Status, reason and code as Kubernetes sends). */
final class StatusResponses {
  private StatusResponses() {}

  static MockResponse success(int code) {
    ObjectNode s = status("Success", code, null, null);
    return new MockResponse().setResponseCode(code).setBody(ObjectStore.json(s));
  }

  static MockResponse failure(int code, String reason, String message) {
    return failure(code, reason, message, null);
  }

  /** A failure; {@code details} (may be null) becomes {@code status.details}. */
  static MockResponse failure(int code, String reason, String message, JsonNode details) {
    ObjectNode s = status("Failure", code, reason, message);
    if (details != null) {
      s.set("details", details);
    }
    return new MockResponse().setResponseCode(code).setBody(ObjectStore.json(s));
  }

  static MockResponse notFound(String resource, String name) {
    return failure(404, "NotFound", resource + " \"" + name + "\" not found");
  }

  static MockResponse object(int code, JsonNode object) {
    return new MockResponse().setResponseCode(code).setBody(ObjectStore.json(object));
  }

  private static ObjectNode status(String status, int code, String reason, String message) {
    ObjectNode s = ObjectStore.JSON.createObjectNode();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", status);
    if (message != null) {
      s.put("message", message);
    }
    if (reason != null) {
      s.put("reason", reason);
    }
    s.put("code", code);
    return s;
  }
}
