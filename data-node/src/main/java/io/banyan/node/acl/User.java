package io.banyan.node.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An ACL user: whether it may sign in, its passwords (only their SHA-256, in hex, is kept) and its
 * selectors, the root one first. Clients signed in as a user hold this object, so a change made by
 * ACL SETUSER ({@link #copyFrom}) applies to their next command, as in Redis.
 *
 * <p>Command-execution thread only.
 */
public final class User {
  /** The payload-sanitising flag: unset, skip-sanitize-payload or sanitize-payload. */
  enum Sanitize {
    UNSET,
    SKIP,
    SANITIZE
  }

  private final String name;
  boolean enabled;
  boolean nopass;
  Sanitize sanitize = Sanitize.UNSET;
  final List<String> passwords = new ArrayList<>();
  final List<Selector> selectors = new ArrayList<>();

  /** A new user as Redis creates it: off, no password, no permissions. */
  User(String name, AclCatalog catalog, boolean allChannelsByDefault) {
    this.name = name;
    selectors.add(new Selector(catalog, true, allChannelsByDefault));
  }

  public String name() {
    return name;
  }

  public boolean enabled() {
    return enabled;
  }

  public boolean nopass() {
    return nopass;
  }

  Selector root() {
    return selectors.get(0);
  }

  public List<Selector> selectors() {
    return selectors;
  }

  /** A copy under another name, for staging a change that may fail half-way. */
  User copy(String newName) {
    User u = new User(newName, root().catalog, false);
    u.copyFrom(this);
    return u;
  }

  /** Takes every rule of another user, keeping this one's name (and the clients that hold it). */
  void copyFrom(User other) {
    enabled = other.enabled;
    nopass = other.nopass;
    sanitize = other.sanitize;
    passwords.clear();
    passwords.addAll(other.passwords);
    selectors.clear();
    for (Selector s : other.selectors) {
      selectors.add(s.copy());
    }
  }

  /** Whether the password signs this user in (time-independent comparison of the hashes). */
  boolean checkPassword(byte[] password) {
    if (nopass) {
      return true;
    }
    byte[] hashed = hash(password).getBytes(StandardCharsets.US_ASCII);
    boolean match = false;
    for (String p : passwords) {
      match |= MessageDigest.isEqual(hashed, p.getBytes(StandardCharsets.US_ASCII));
    }
    return match;
  }

  /** SHA-256 of the password, lower-case hex: what Redis stores and what {@code #hash} takes. */
  public static String hash(byte[] password) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }

  static boolean isHash(String text) {
    if (text.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = text.charAt(i);
      if ((c < 'a' || c > 'f') && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /** The user's flags in Redis's order: on/off, nopass, the sanitize flag. */
  public List<String> flags() {
    List<String> flags = new ArrayList<>(3);
    flags.add(enabled ? "on" : "off");
    if (nopass) {
      flags.add("nopass");
    }
    if (sanitize == Sanitize.SKIP) {
      flags.add("skip-sanitize-payload");
    } else if (sanitize == Sanitize.SANITIZE) {
      flags.add("sanitize-payload");
    }
    return flags;
  }

  public List<String> passwordHashes() {
    return List.copyOf(passwords);
  }

  /** The user as rules (without the name), as ACL LIST and the ACL file write it. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (String f : flags()) {
      sb.append(f).append(' ');
    }
    for (String p : passwords) {
      sb.append('#').append(p).append(' ');
    }
    for (Selector s : selectors) {
      if (s.root) {
        sb.append(s.describe());
      } else {
        sb.append(" (").append(s.describe()).append(')');
      }
    }
    return sb.toString();
  }
}
