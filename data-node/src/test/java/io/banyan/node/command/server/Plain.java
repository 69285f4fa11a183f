package io.banyan.node.command.server;

import io.banyan.node.testing.RespClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns RespClient replies into comparable values: bulk strings become Strings, recursively. */
final class Plain {
  private Plain() {}

  static Object of(Object reply) {
    if (reply instanceof byte[] b) {
      return RespClient.str(b);
    }
    if (reply instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(of(o));
      }
      return out;
    }
    if (reply instanceof Set<?> s) {
      Set<Object> out = new LinkedHashSet<>();
      for (Object o : s) {
        out.add(of(o));
      }
      return out;
    }
    if (reply instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(of(e.getKey()), of(e.getValue()));
      }
      return out;
    }
    return reply;
  }

  /** A flat RESP2 key/value array as a map. */
  static Map<Object, Object> pairs(Object reply) {
    List<?> l = (List<?>) of(reply);
    Map<Object, Object> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < l.size(); i += 2) {
      out.put(l.get(i), l.get(i + 1));
    }
    return out;
  }
}
