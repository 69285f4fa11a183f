package io.banyan.node.acl;

import io.banyan.node.io.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The ACL file (aclfile): one {@code user <name> <rules...>} line per user, words separated by
 * single spaces, no comments (the file is rewritten by ACL SAVE, which would lose them). Loading is
 * all or nothing: every error of every line is collected, and the users change only when there is
 * none.
 */
public final class AclFile {
  private AclFile() {}

  /**
   * Reads the file into a new user set.
   *
   * @return the users, to be installed with {@link Users#replaceAll}
   * @throws IllegalArgumentException with every problem found, each naming file and line
   */
  public static Map<String, User> load(Users users, String fileName) {
    byte[] content;
    try {
      content = Files.readAllBytes(Path.of(fileName));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Error loading ACLs, opening file '" + fileName + "': " + reason(e));
    }
    return parse(users, fileName, new String(content, StandardCharsets.ISO_8859_1));
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "Permission denied";
    }
    return e.getMessage();
  }

  static Map<String, User> parse(Users users, String fileName, String content) {
    Map<String, User> set = users.newSet();
    StringBuilder errors = new StringBuilder();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = trim(lines[i], " \t\r\n");
      if (line.isEmpty()) {
        continue;
      }
      List<String> argv = Arrays.asList(line.split(" ", -1));
      if (!argv.get(0).equals("user") || argv.size() < 2) {
        errors
            .append(fileName)
            .append(':')
            .append(lineNo)
            .append(" should start with user keyword followed by the username. ");
        continue;
      }
      String name = argv.get(1);
      if (Ascii.hasSpaces(name)) {
        errors
            .append("'")
            .append(fileName)
            .append(':')
            .append(lineNo)
            .append(": username '")
            .append(name)
            .append("' contains invalid characters. ");
        continue;
      }
      if (set.containsKey(name)) {
        errors
            .append("WARNING: Duplicate user '")
            .append(name)
            .append("' found on line ")
            .append(lineNo)
            .append(". ");
        continue;
      }
      List<String> rules;
      try {
        rules = AclRules.mergeSelectors(argv.subList(2, argv.size()));
      } catch (IllegalArgumentException e) {
        errors
            .append(fileName)
            .append(':')
            .append(lineNo)
            .append(": Unmatched parenthesis in selector definition.");
        continue;
      }
      User u = users.newUnlinked(name);
      boolean syntaxError = false;
      for (String raw : rules) {
        String rule = trim(raw, "\t\r\n");
        try {
          AclRules.apply(u, rule, users.allChannelsByDefault());
        } catch (AclError.RuleException e) {
          if (e.error() == AclError.UNKNOWN_NAME) {
            errors
                .append(fileName)
                .append(':')
                .append(lineNo)
                .append(": Error in applying operation '")
                .append(rule)
                .append("': ")
                .append(e.error().message())
                .append(". ");
          } else if (!syntaxError) {
            // Only the first: a broken rule may make the ones after it meaningless.
            errors
                .append(fileName)
                .append(':')
                .append(lineNo)
                .append(": ")
                .append(e.error().message())
                .append(". ");
            syntaxError = true;
          }
        }
      }
      set.put(name, u);
    }
    if (!errors.isEmpty()) {
      errors.append(
          "WARNING: ACL errors detected, no change to the previously active ACL rules was"
              + " performed");
      throw new IllegalArgumentException(errors.toString());
    }
    return set;
  }

  private static String trim(String s, String chars) {
    int start = 0;
    int end = s.length();
    while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Writes every user, replacing the file atomically (a crash leaves the old or the new one). */
  public static void save(Users users, String fileName) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : users.list()) {
      sb.append(line).append('\n');
    }
    DurableFiles.replace(Path.of(fileName), sb.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The users from the configuration's {@code user} lines; error text names the line. */
  public static Map<String, User> fromDirectives(Users users, List<List<String>> directives) {
    Map<String, User> set = users.newSet();
    for (List<String> d : directives) {
      String name = d.get(0);
      if (set.containsKey(name)) {
        throw new IllegalArgumentException(
            "Error in user declaration '" + name + "': " + AclError.DUPLICATE_USER.message());
      }
      if (Ascii.hasSpaces(name)) {
        throw new IllegalArgumentException("Spaces not allowed in ACL usernames");
      }
      List<String> rules = new ArrayList<>(d.subList(1, d.size()));
      try {
        users.define(set, name, rules);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Error in user declaration '" + name + "': " + e.getMessage());
      }
    }
    return set;
  }
}
