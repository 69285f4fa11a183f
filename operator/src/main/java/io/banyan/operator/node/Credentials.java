package io.banyan.operator.node;

/**
 * Who the operator authenticates as on a node: {@code AUTH user password}, or {@code AUTH password}
 * for the default user (what a node without ACL users understands too). {@link #toString} never
 * shows the password: these travel into log lines and events.
 *
 * @param user null for the default user
 * @param password null: no AUTH at all
 */
public record Credentials(String user, String password) {
  /** The default user's password (null: none). */
  public static Credentials of(String password) {
    return new Credentials(null, password);
  }

  @Override
  public String toString() {
    return (user == null ? "default" : user) + (password == null ? " (no password)" : " (****)");
  }
}
