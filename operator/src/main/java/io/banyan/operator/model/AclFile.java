package io.banyan.operator.model;

import io.banyan.operator.api.AuthSpec;
import io.banyan.operator.api.AuthValidation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The aclfile the nodes load at start-up (Secret {@code <cluster>-acl}): one {@code user} line per
 * user, passwords only as {@code #<sha256>} hashes so that the Secret, the node's files and {@code
 * ACL LIST} never hold a password. During a rotation a user carries both hashes, so a node that
 * restarts mid-way accepts the old and the new one like the running nodes do. Pure.
 */
public final class AclFile {
  /** The Secret key holding the file; the node's {@code aclfile} option points at it. */
  public static final String KEY = "users.acl";

  /**
   * The Secret key of the file the node includes: {@code masteruser} and {@code masterauth}, the
   * replication user's password, which a replica must send in clear.
   */
  public static final String REPLICATION_KEY = "replication.conf";

  public static final String DEFAULT_USER = "default";
  public static final String OPERATOR_USER = "banyan-operator";
  public static final String REPLICATION_USER = "banyan-replication";

  /** What the default user may do: everything, as without ACLs. */
  static final List<String> DEFAULT_RULES = List.of("~*", "&*", "+@all");

  /**
   * The operator's own user: exactly the commands it sends (probes, wiring, failover, fencing,
   * settings, rotation, backups through a replication stream) and no key or channel. {@code ACL
   * SETUSER} is in it because rotation needs it, which makes this user as powerful as an
   * administrator: its password never leaves the operator's Secret.
   */
  static final List<String> OPERATOR_RULES =
      List.of(
          "resetkeys",
          "resetchannels",
          "-@all",
          "+info",
          "+role",
          "+ping",
          "+hello",
          "+auth",
          "+client|setname",
          "+config|get",
          "+config|set",
          "+replicaof",
          "+failover",
          "+banyan",
          "+wait",
          "+acl|setuser",
          "+acl|getuser",
          "+acl|deluser",
          "+acl|users",
          "+psync",
          "+replconf",
          "+sync");

  /** The replicas' user ({@code masteruser}): what a replica's handshake and stream need. */
  static final List<String> REPLICATION_RULES =
      List.of("resetkeys", "resetchannels", "-@all", "+psync", "+replconf", "+ping");

  private AclFile() {}

  /** One user line: its password hashes (several during a rotation) and rules. */
  public record User(String name, Set<String> hashes, List<String> rules) {}

  /**
   * Every user of the cluster: default, the operator's two and the spec's application users, each
   * with the hashes {@code hashes} gives it (a user without any is rendered {@code off}: nobody can
   * log in as it, rather than everybody).
   */
  public static List<User> users(AuthSpec auth, Map<String, Set<String>> hashes) {
    List<User> users = new ArrayList<>();
    users.add(user(DEFAULT_USER, hashes, DEFAULT_RULES));
    users.add(user(OPERATOR_USER, hashes, OPERATOR_RULES));
    users.add(user(REPLICATION_USER, hashes, REPLICATION_RULES));
    if (auth != null && auth.users != null) {
      auth.users.stream()
          .sorted(java.util.Comparator.comparing(u -> u.name))
          .forEach(u -> users.add(user(u.name, hashes, AuthValidation.tokens(u.rules))));
    }
    return users;
  }

  private static User user(String name, Map<String, Set<String>> hashes, List<String> rules) {
    return new User(name, new TreeSet<>(hashes.getOrDefault(name, Set.of())), rules);
  }

  /** The file's text: {@code user <name> on|off #<hash>... <rules>}, one line per user. */
  public static String render(List<User> users) {
    StringBuilder out = new StringBuilder();
    for (User u : users) {
      out.append("user ").append(u.name()).append(u.hashes().isEmpty() ? " off" : " on");
      for (String h : new TreeSet<>(u.hashes())) {
        out.append(" #").append(h);
      }
      for (String rule : u.rules()) {
        out.append(' ').append(rule);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * The password hashes per user in a rendered file (what a node that starts now would accept);
   * lines that are not {@code user} lines are skipped.
   */
  public static Map<String, Set<String>> hashes(String file) {
    Map<String, Set<String>> hashes = new LinkedHashMap<>();
    if (file == null) {
      return hashes;
    }
    for (String line : file.split("\n")) {
      String[] tokens = line.trim().split("\\s+");
      if (tokens.length < 2 || !tokens[0].equals("user")) {
        continue;
      }
      Set<String> set = hashes.computeIfAbsent(tokens[1], n -> new TreeSet<>());
      for (int i = 2; i < tokens.length; i++) {
        if (tokens[i].startsWith("#") && tokens[i].length() == 65) {
          set.add(tokens[i].substring(1));
        }
      }
    }
    return hashes;
  }

  /**
   * The rules per user in a rendered file: every token after the name that is neither {@code
   * on}/{@code off} nor a password hash, in order.
   */
  public static Map<String, List<String>> rules(String file) {
    Map<String, List<String>> rules = new LinkedHashMap<>();
    if (file == null) {
      return rules;
    }
    for (String line : file.split("\n")) {
      String[] tokens = line.trim().split("\\s+");
      if (tokens.length < 2 || !tokens[0].equals("user")) {
        continue;
      }
      List<String> list = new ArrayList<>();
      for (int i = 2; i < tokens.length; i++) {
        String t = tokens[i];
        if (!t.equals("on") && !t.equals("off") && !(t.startsWith("#") && t.length() == 65)) {
          list.add(t);
        }
      }
      rules.put(tokens[1], list);
    }
    return rules;
  }

  /** The replication file's text: who a replica authenticates as with its master. */
  public static String replicationFile(String password) {
    if (password.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'' || c == '\\')) {
      throw new IllegalArgumentException("the replication password must be printable, unquoted");
    }
    return "masteruser " + REPLICATION_USER + "\nmasterauth " + password + "\n";
  }

  /** SHA-256 of the password in lowercase hex: how ACL GETUSER and the aclfile show it. */
  public static String hash(String password) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
