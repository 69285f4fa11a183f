package io.banyan.node.acl;

import io.banyan.node.config.ConfigSyntax;
import java.util.ArrayList;
import java.util.List;

/**
 * The ACL rule language of ACL SETUSER, {@code user} lines and the ACL file: user-level rules
 * (on/off, passwords, reset, selectors) here, selector rules in {@link Selector#apply}.
 */
public final class AclRules {
  private AclRules() {}

  /**
   * Rules as received, with selectors split over several arguments ({@code "(+get" "~key)"}) joined
   * into one, as Redis allows.
   *
   * @throws IllegalArgumentException with Redis's message when a parenthesis is not closed
   */
  public static List<String> mergeSelectors(List<String> args) {
    List<String> merged = new ArrayList<>(args.size());
    StringBuilder open = null;
    int openedAt = -1;
    for (int j = 0; j < args.size(); j++) {
      String op = args.get(j);
      // A new opening parenthesis restarts the selector even inside an open one, as in Redis.
      if (op.startsWith("(") && !op.endsWith(")")) {
        open = new StringBuilder(op);
        openedAt = j;
        continue;
      }
      if (open != null) {
        open.append(' ').append(op);
        if (op.endsWith(")")) {
          merged.add(open.toString());
          open = null;
        }
        continue;
      }
      merged.add(op);
    }
    if (open != null) {
      throw new IllegalArgumentException(
          "Unmatched parenthesis in acl selector starting at '" + args.get(openedAt) + "'.");
    }
    return merged;
  }

  /** Applies one rule to a user; a failure may leave the user half-changed (callers stage). */
  static void apply(User u, String op, boolean allChannelsByDefault) throws AclError.RuleException {
    if (op.isEmpty()) {
      return; // Redis treats an empty rule as nothing to do
    }
    if (Ascii.is(op, "on")) {
      u.enabled = true;
    } else if (Ascii.is(op, "off")) {
      u.enabled = false;
    } else if (Ascii.is(op, "skip-sanitize-payload")) {
      u.sanitize = User.Sanitize.SKIP;
    } else if (Ascii.is(op, "sanitize-payload")) {
      u.sanitize = User.Sanitize.SANITIZE;
    } else if (Ascii.is(op, "nopass")) {
      u.nopass = true;
      u.passwords.clear();
    } else if (Ascii.is(op, "resetpass")) {
      u.nopass = false;
      u.passwords.clear();
    } else if (op.charAt(0) == '>' || op.charAt(0) == '#') {
      String hash = passwordHash(op);
      if (!u.passwords.contains(hash)) {
        u.passwords.add(hash);
      }
      u.nopass = false;
    } else if (op.charAt(0) == '<' || op.charAt(0) == '!') {
      if (!u.passwords.remove(passwordHash(op))) {
        throw AclError.NO_SUCH_PASSWORD.exception();
      }
    } else if (op.charAt(0) == '(' && op.charAt(op.length() - 1) == ')') {
      u.selectors.add(parseSelector(op, u.root().catalog, allChannelsByDefault));
    } else if (Ascii.is(op, "clearselectors")) {
      u.selectors.subList(1, u.selectors.size()).clear();
    } else if (Ascii.is(op, "reset")) {
      u.nopass = false;
      u.passwords.clear();
      Selector root = u.root();
      root.apply("resetkeys");
      root.apply(allChannelsByDefault ? "allchannels" : "resetchannels");
      u.enabled = false;
      u.sanitize = User.Sanitize.SANITIZE;
      u.selectors.subList(1, u.selectors.size()).clear();
      root.apply("-@all");
    } else {
      u.root().apply(op);
    }
  }

  /** The hash a password rule names: hashed from {@code >pass}/{@code <pass}, as given in hex. */
  private static String passwordHash(String op) throws AclError.RuleException {
    String rest = op.substring(1);
    if (op.charAt(0) == '>' || op.charAt(0) == '<') {
      return User.hash(Ascii.bytes(rest));
    }
    if (!User.isHash(rest)) {
      throw AclError.BAD_HASH.exception();
    }
    return rest;
  }

  /** {@code (rule rule ...)}: the rules inside split with the configuration file's quoting. */
  private static Selector parseSelector(String op, AclCatalog catalog, boolean allChannels)
      throws AclError.RuleException {
    Selector s = new Selector(catalog, false, allChannels);
    List<String> inner = ConfigSyntax.split(op.substring(1, op.length() - 1));
    if (inner != null) {
      for (String rule : inner) {
        s.apply(rule);
      }
    }
    return s;
  }
}
