package io.banyan.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386): objects merge member by member, {@code null} removes a member, and
 * anything else — arrays included — replaces. fabric8's mock server merges with Jackson's updating
 * reader, which appends arrays instead, so repeated patches of a list (pod conditions, a Service's
 * ports) would pile up entries.
 */
final class JsonMergePatch {
  private JsonMergePatch() {}

  /** Returns {@code target} with {@code patch} applied; {@code target} is not modified. */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : ((ObjectNode) patch).objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      if (member.getValue().isNull()) {
        result.remove(member.getKey());
      } else {
        result.set(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
      }
    }
    return result;
  }
}
