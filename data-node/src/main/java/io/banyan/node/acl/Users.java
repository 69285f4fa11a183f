package io.banyan.node.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The ACL users by name, in byte order as Redis lists them, with the {@code default} user that
 * every connection starts as. Changes are staged on a copy and applied whole or not at all.
 *
 * <p>Command-execution thread only.
 */
public final class Users {
  public static final String DEFAULT = "default";

  private final AclCatalog catalog;
  private final BooleanSupplier allChannelsByDefault;
  private final Map<String, User> users = new TreeMap<>();
  private final User defaultUser;

  /**
   * @param allChannelsByDefault acl-pubsub-default: whether new users and selectors start with
   *     {@code allchannels}
   */
  public Users(AclCatalog catalog, BooleanSupplier allChannelsByDefault) {
    this.catalog = catalog;
    this.allChannelsByDefault = allChannelsByDefault;
    this.defaultUser = newDefaultUser();
    users.put(DEFAULT, defaultUser);
  }

  /** The default user as Redis creates it: on, nopass, every command, key and channel. */
  private User newDefaultUser() {
    User u = newUser(DEFAULT);
    try {
      for (String rule : List.of("+@all", "~*", "&*", "on", "nopass")) {
        AclRules.apply(u, rule, false);
      }
    } catch (AclError.RuleException e) {
      throw new IllegalStateException(e);
    }
    return u;
  }

  /** A new user that is not (yet) in this registry: for a set being loaded. */
  User newUnlinked(String name) {
    return newUser(name);
  }

  boolean allChannelsByDefault() {
    return allChannelsByDefault.getAsBoolean();
  }

  private User newUser(String name) {
    return new User(name, catalog, allChannelsByDefault.getAsBoolean());
  }

  public AclCatalog catalog() {
    return catalog;
  }

  public User defaultUser() {
    return defaultUser;
  }

  /** The user by name, null when there is none. */
  public User get(String name) {
    return users.get(name);
  }

  public Collection<User> all() {
    return users.values();
  }

  /** Whether a new connection must authenticate: the default user needs a password or is off. */
  public boolean authRequired() {
    return !defaultUser.nopass || !defaultUser.enabled;
  }

  /** The user when the password signs it in, else null (unknown user, off, wrong password). */
  public User authenticate(String name, byte[] password) {
    User u = users.get(name);
    if (u == null || !u.enabled || !u.checkPassword(password)) {
      return null;
    }
    return u;
  }

  /** The result of a staged change: the user as it was and as it will be. */
  public record Change(User existing, User staged) {}

  /**
   * Applies rules to a copy of the user (or to a new user): all of them or none.
   *
   * @return the staged change, to be {@linkplain #commit committed}
   * @throws IllegalArgumentException with Redis's error text
   */
  public Change stage(String name, List<String> rules) {
    List<String> merged = AclRules.mergeSelectors(rules);
    User existing = users.get(name);
    User staged = existing == null ? newUser(name) : existing.copy(name);
    boolean allChannels = allChannelsByDefault.getAsBoolean();
    for (String rule : merged) {
      try {
        AclRules.apply(staged, rule, allChannels);
      } catch (AclError.RuleException e) {
        throw new IllegalArgumentException(
            "Error in ACL SETUSER modifier '" + rule + "': " + e.error().message());
      }
    }
    return new Change(existing, staged);
  }

  /** Makes a staged change the user's rules; clients signed in as it see them at once. */
  public User commit(Change change) {
    if (change.existing() == null) {
      users.put(change.staged().name(), change.staged());
      return change.staged();
    }
    change.existing().copyFrom(change.staged());
    return change.existing();
  }

  /** Removes a user (never the default one); returns it, or null when there was none. */
  public User delete(String name) {
    if (DEFAULT.equals(name)) {
      throw new IllegalArgumentException("The 'default' user cannot be removed");
    }
    return users.remove(name);
  }

  /**
   * requirepass as Redis 7.0 maps it: the default user's passwords become this one, or nopass when
   * it is null or empty.
   */
  public void setDefaultPassword(String password) {
    try {
      AclRules.apply(defaultUser, "resetpass", false);
      if (password == null || password.isEmpty()) {
        AclRules.apply(defaultUser, "nopass", false);
      } else {
        defaultUser.passwords.add(
            User.hash(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
    } catch (AclError.RuleException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Replaces every user with the given set (ACL LOAD, start-up). The default user object stays the
   * same so connections holding it keep it; it takes the new rules, or its initial ones when the
   * set does not define it.
   */
  public void replaceAll(Map<String, User> loaded) {
    User newDefault = loaded.get(DEFAULT);
    defaultUser.copyFrom(newDefault != null ? newDefault : newDefaultUser());
    users.clear();
    users.putAll(loaded);
    users.put(DEFAULT, defaultUser);
  }

  /** A fresh user set for a load: users staged there replace these only if all of them parse. */
  public Map<String, User> newSet() {
    return new TreeMap<>();
  }

  /** Adds a user to a set being loaded, from its rules; error text as the ACL file reports it. */
  public void define(Map<String, User> set, String name, List<String> rules) {
    User u = newUser(name);
    boolean allChannels = allChannelsByDefault.getAsBoolean();
    for (String rule : AclRules.mergeSelectors(rules)) {
      try {
        AclRules.apply(u, rule, allChannels);
      } catch (AclError.RuleException e) {
        throw new IllegalArgumentException(
            (e.error() == AclError.UNKNOWN_NAME
                    ? "Error in applying operation '" + rule + "': "
                    : "")
                + e.error().message());
      }
    }
    set.put(name, u);
  }

  /** ACL LIST: each user as a configuration line. */
  public List<String> list() {
    List<String> out = new ArrayList<>(users.size());
    for (User u : users.values()) {
      out.add("user " + u.name() + " " + u.describe());
    }
    return out;
  }
}
