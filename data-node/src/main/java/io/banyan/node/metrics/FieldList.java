package io.banyan.node.metrics;

import java.util.HashMap;
import java.util.Map;

/** INFO's compound values: {@code name=value,name=value}. */
final class FieldList {
  private FieldList() {}

  static Map<String, String> parse(String value) {
    Map<String, String> out = new HashMap<>();
    for (String part : value.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return out;
  }

  /** The named number, or null. */
  static Double number(Map<String, String> fields, String name) {
    return RedisMetrics.number(fields.get(name));
  }
}
