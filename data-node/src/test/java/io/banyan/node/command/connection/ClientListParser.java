package io.banyan.node.command.connection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits CLIENT LIST / CLIENT INFO output into field maps, for assertions. */
final class ClientListParser {
  private ClientListParser() {}

  static Map<String, String> fields(String line) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : line.strip().split(" ")) {
      int eq = part.indexOf('=');
      m.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return m;
  }

  static List<Map<String, String>> lines(String text) {
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        out.add(fields(line));
      }
    }
    return out;
  }
}
