package io.banyan.node.store;

/**
 * Redis's glob-style pattern matching (stringmatchlen), used by KEYS, SCAN MATCH, PSUBSCRIBE,
 * PUBSUB CHANNELS and CONFIG GET: {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]}, and
 * backslash escapes; optional ASCII case-folding.
 */
public final class Glob {
  private Glob() {}

  public static boolean matches(byte[] pattern, byte[] text) {
    return match(pattern, 0, text, 0, false, 0);
  }

  public static boolean matchesIgnoreCase(byte[] pattern, byte[] text) {
    return match(pattern, 0, text, 0, true, 0);
  }

  /** True when the pattern is a bare {@code *}, which matches everything. */
  public static boolean isMatchAll(byte[] pattern) {
    return pattern.length == 1 && pattern[0] == '*';
  }

  private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
    if (depth > 1000) {
      return false; // pathological pattern: refuse rather than recurse without bound
    }
    while (pi < p.length && si < s.length) {
      switch (p[pi]) {
        case '*' -> {
          while (pi + 1 < p.length && p[pi + 1] == '*') {
            pi++;
          }
          if (pi + 1 == p.length) {
            return true;
          }
          for (int k = si; k < s.length; k++) {
            if (match(p, pi + 1, s, k, nocase, depth + 1)) {
              return true;
            }
          }
          return false;
        }
        case '?' -> si++;
        case '[' -> {
          pi++;
          boolean not = pi < p.length && p[pi] == '^';
          if (not) {
            pi++;
          }
          boolean found = false;
          while (true) {
            if (pi >= p.length) {
              pi--; // unterminated class: treat the rest as the class, like Redis
              break;
            }
            if (p[pi] == '\\' && pi + 1 < p.length) {
              pi++;
              if (p[pi] == s[si]) {
                found = true;
              }
            } else if (p[pi] == ']') {
              break;
            } else if (pi + 2 < p.length && p[pi + 1] == '-') {
              int start = p[pi] & 0xFF;
              int end = p[pi + 2] & 0xFF;
              int c = s[si] & 0xFF;
              if (start > end) {
                int t = start;
                start = end;
                end = t;
              }
              if (nocase) {
                start = lower(start);
                end = lower(end);
                c = lower(c);
              }
              pi += 2;
              if (c >= start && c <= end) {
                found = true;
              }
            } else if (eq(p[pi], s[si], nocase)) {
              found = true;
            }
            pi++;
          }
          if (not) {
            found = !found;
          }
          if (!found) {
            return false;
          }
          si++;
        }
        case '\\' -> {
          if (pi + 1 < p.length) {
            pi++;
          }
          if (!eq(p[pi], s[si], nocase)) {
            return false;
          }
          si++;
        }
        default -> {
          if (!eq(p[pi], s[si], nocase)) {
            return false;
          }
          si++;
        }
      }
      pi++;
    }
    while (pi < p.length && p[pi] == '*') {
      pi++;
    }
    return pi == p.length && si == s.length;
  }

  private static boolean eq(byte a, byte b, boolean nocase) {
    return a == b || (nocase && lower(a & 0xFF) == lower(b & 0xFF));
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }
}
