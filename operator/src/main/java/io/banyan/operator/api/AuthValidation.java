package io.banyan.operator.api;

import io.banyan.node.command.model.MetadataVocabulary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks {@code spec.auth.users} before anything reaches a node: names, reserved names and every
 * rule, token by token, against Redis 7.0's ACL rule grammar, so a typo is refused at admission
 * with the field's path instead of failing {@code ACL SETUSER} (or the aclfile load) on every node.
 * Passwords are not rules here: they come from the user's Secret, so password rules ({@code >},
 * {@code <}, {@code #}, {@code !}, {@code nopass}, {@code resetpass}, {@code reset}) are refused.
 * Pure.
 */
public final class AuthValidation {
  /** The users the operator itself defines; {@code banyan-} is kept for any later one. */
  public static final String RESERVED_PREFIX = "banyan-";

  /** Redis 7.0's ACL categories ({@code ACL CAT}) as the data node declares them, and "all". */
  static final Set<String> CATEGORIES = categories();

  private static Set<String> categories() {
    Set<String> all = new HashSet<>(MetadataVocabulary.ACL_CATEGORIES);
    all.add("all");
    return Set.copyOf(all);
  }

  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}$");
  private static final Pattern COMMAND =
      Pattern.compile("^[a-z][a-z0-9_-]*(\\|[a-z0-9][a-z0-9_-]*)?$");
  private static final Set<String> FLAGS =
      Set.of(
          "on",
          "off",
          "allkeys",
          "resetkeys",
          "allchannels",
          "resetchannels",
          "allcommands",
          "nocommands",
          "sanitize-payload",
          "skip-sanitize-payload");
  private static final Set<String> PASSWORD_RULES = Set.of("nopass", "resetpass", "reset");

  private AuthValidation() {}

  /** The messages of the violated checks, each naming its field; empty when valid. */
  public static List<String> validate(AuthSpec auth) {
    List<String> errors = new ArrayList<>();
    if (auth == null || auth.users == null) {
      return errors;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < auth.users.size(); i++) {
      AuthSpec.AuthUser u = auth.users.get(i);
      String field = "spec.auth.users[" + i + "]";
      if (u == null) {
        errors.add(field + ": must not be null");
        continue;
      }
      if (u.name == null || !NAME.matcher(u.name).matches()) {
        errors.add(
            field
                + ".name: 1 to 64 characters, letters, digits and _.:@- (no spaces), starting with"
                + " a letter or digit");
      } else if (u.name.equals("default") || u.name.startsWith(RESERVED_PREFIX)) {
        errors.add(
            field
                + ".name: '"
                + u.name
                + "' is reserved (default takes spec.auth.secretName's password; banyan-* are the"
                + " operator's own users)");
      } else if (!seen.add(u.name)) {
        errors.add(field + ".name: '" + u.name + "' is declared twice");
      }
      if (u.passwordSecret == null || u.passwordSecret.secretName == null) {
        errors.add(field + ".passwordSecret.secretName: required (the user's password)");
      }
      ruleErrors(u.rules, field + ".rules", errors);
    }
    return errors;
  }

  /** The rules split as ACL SETUSER receives them (one token per argument). */
  public static List<String> tokens(String rules) {
    List<String> tokens = new ArrayList<>();
    if (rules != null) {
      for (String t : rules.trim().split("\\s+")) {
        if (!t.isEmpty()) {
          tokens.add(t);
        }
      }
    }
    return tokens;
  }

  private static void ruleErrors(String rules, String field, List<String> errors) {
    for (String token : tokens(rules)) {
      String problem = problem(token);
      if (problem != null) {
        errors.add(field + ": '" + token + "' " + problem);
      }
    }
  }

  /** Why {@code token} is not an acceptable rule; null when it is. */
  static String problem(String token) {
    String lower = token.toLowerCase(Locale.ROOT);
    if (FLAGS.contains(lower)) {
      return null;
    }
    if (PASSWORD_RULES.contains(lower)) {
      return "is a password rule; the password comes from passwordSecret";
    }
    char first = token.charAt(0);
    switch (first) {
      case '>', '<', '#', '!' -> {
        return "is a password rule; the password comes from passwordSecret";
      }
      case '(', ')' -> {
        return "is a selector; selectors are not supported in spec.auth.users";
      }
      case '~', '&' -> {
        return token.length() > 1 ? null : "needs a pattern after '" + first + "'";
      }
      case '%' -> {
        int tilde = token.indexOf('~');
        String perms = tilde < 0 ? "" : lower.substring(1, tilde);
        boolean ok = !perms.isEmpty() && perms.chars().allMatch(c -> c == 'r' || c == 'w');
        return ok && tilde < token.length() - 1
            ? null
            : "is not a key permission (%R~pattern, %W~pattern or %RW~pattern)";
      }
      case '+', '-' -> {
        String what = lower.substring(1);
        if (what.startsWith("@")) {
          return CATEGORIES.contains(what.substring(1))
              ? null
              : "names no ACL category (" + String.join(", ", sorted(CATEGORIES)) + ")";
        }
        return COMMAND.matcher(what).matches()
            ? null
            : "is not a command name (+name, +name|subcommand, +@category)";
      }
      default -> {
        return "is not an ACL rule (on, off, ~keys, %R~keys, &channels, +command, -@category,"
            + " allkeys, allchannels, allcommands, nocommands, resetkeys, resetchannels)";
      }
    }
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }
}
