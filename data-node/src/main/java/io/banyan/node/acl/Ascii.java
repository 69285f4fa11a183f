package io.banyan.node.acl;

/** Byte-wise text helpers with C's rules: ASCII-only case folding, C's whitespace. */
final class Ascii {
  private Ascii() {}

  /** Case-insensitive equality folding ASCII letters only, as strcasecmp does. */
  static boolean is(String text, String lowerKeyword) {
    if (text.length() != lowerKeyword.length()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      if (c != lowerKeyword.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the text holds a space character or NUL: such names would not survive ACL LIST. */
  static boolean hasSpaces(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0) {
        return true;
      }
    }
    return false;
  }

  static String latin1(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
