package io.banyan.node.persistence.aof;

import io.banyan.node.resp.ArgSyntax;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The word syntax of manifest lines: Redis splits them with the same quoting rules as its other
 * text ({@link ArgSyntax}), and writes file names that need it quoted.
 */
final class ManifestWords {
  private ManifestWords() {}

  /** The words of a line, or null when quotes are unbalanced. */
  static List<String> split(String line) {
    return ArgSyntax.splitText(line);
  }

  /** The name as is when it is plain, otherwise in double quotes with escapes. */
  static String quoteIfNeeded(String name) {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    boolean plain = b.length > 0;
    for (byte c : b) {
      if (c <= ' ' || c >= 127 || c == '"' || c == '\'' || c == '\\') {
        plain = false;
        break;
      }
    }
    return plain ? name : ArgSyntax.quote(b);
  }
}
