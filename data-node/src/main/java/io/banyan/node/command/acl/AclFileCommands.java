package io.banyan.node.command.acl;

import io.banyan.node.acl.AclClients;
import io.banyan.node.acl.AclFile;
import io.banyan.node.acl.User;
import io.banyan.node.acl.Users;
import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.engine.Engine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ACL LOAD and ACL SAVE: the users to and from the aclfile. */
final class AclFileCommands {
  private AclFileCommands() {}

  private static final CommandException NO_ACL_FILE =
      new CommandException(
          "ERR This Redis instance is not configured to use an ACL file. You may want to specify"
              + " users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you"
              + " have a Redis configuration file set) in order to store users in the Redis"
              + " configuration.");

  private static String aclFile(Client c) {
    String file = c.engine().config().aclFile;
    if (file == null || file.isEmpty()) {
      throw NO_ACL_FILE;
    }
    return file;
  }

  /**
   * Replaces all users with the file's, or changes nothing when any line is wrong. As in Redis 7.0,
   * the clients of every user but the default one are disconnected: the user objects they were
   * signed in as are gone, even when the file defines a user of the same name.
   */
  static void load(Client c, byte[][] argv) {
    String file = aclFile(c);
    Engine e = c.engine();
    Users users = e.users();
    Map<String, User> loaded;
    try {
      loaded = AclFile.load(users, file);
    } catch (IllegalArgumentException ex) {
      throw new CommandException("ERR " + ex.getMessage());
    }
    List<User> replaced = new ArrayList<>();
    for (User u : users.all()) {
      if (u != users.defaultUser()) {
        replaced.add(u);
      }
    }
    users.replaceAll(loaded);
    for (User u : replaced) {
      AclClients.disconnect(e.clients(), u, c);
    }
    c.reply().ok();
  }

  static void save(Client c, byte[][] argv) {
    String file = aclFile(c);
    try {
      AclFile.save(c.engine().users(), file);
    } catch (IOException | RuntimeException ex) {
      c.engine().log().warning("Saving the ACL file '" + file + "' failed: " + ex.getMessage());
      throw new CommandException(
          "ERR There was an error trying to save the ACLs. Please check the server logs for more"
              + " information");
    }
    c.reply().ok();
  }
}
