package io.banyan.node.acl;

import io.banyan.node.config.ConfigException;
import io.banyan.node.config.ServerConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The users a node starts with: requirepass on the default user (already applied), then either the
 * configuration's {@code user} lines or the ACL file, never both (users would live in two places
 * and one would silently win). Any error stops start-up, naming the line.
 */
public final class AclStartup {
  private AclStartup() {}

  public static void load(Users users, ServerConfig config) {
    List<List<String>> directives = config.userDirectives;
    boolean hasFile = config.aclFile != null && !config.aclFile.isEmpty();
    if (hasFile && !directives.isEmpty()) {
      throw new ConfigException(
          "Fatal config error: users are defined both by 'user' lines and by the ACL file '"
              + config.aclFile
              + "': declare them in one place only (either the aclfile or 'user' lines).");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < directives.size(); i++) {
      List<String> d = directives.get(i);
      String where =
          i < config.userDirectiveSources.size() ? config.userDirectiveSources.get(i) : "user";
      String name = d.get(0);
      if (!seen.add(name)) {
        throw new ConfigException(
            "Fatal config error in " + where + ": " + AclError.DUPLICATE_USER.message());
      }
      if (Ascii.hasSpaces(name)) {
        throw new ConfigException(
            "Fatal config error in " + where + ": Spaces not allowed in ACL usernames");
      }
      List<String> rules = new ArrayList<>();
      if (name.equals(Users.DEFAULT)) {
        rules.add("reset"); // a declared default user starts from nothing, not from its defaults
      }
      rules.addAll(d.subList(1, d.size()));
      try {
        users.commit(users.stage(name, rules));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("Fatal config error in " + where + ": " + e.getMessage());
      }
    }
    if (hasFile) {
      try {
        Map<String, User> loaded = AclFile.load(users, config.aclFile);
        users.replaceAll(loaded);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("Aborting start-up because of ACL errors: " + e.getMessage());
      }
    }
  }
}
