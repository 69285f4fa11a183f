package io.banyan.node.command.connection;

import io.banyan.node.acl.Denial;
import io.banyan.node.acl.User;
import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.identity.ServerIdentity;
import io.banyan.node.store.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * HELLO and AUTH: sign a connection in as an ACL user ({@code AUTH user pass}, or {@code AUTH pass}
 * for the default user, whose password requirepass sets).
 */
final class HelloAuthCommands {
  private HelloAuthCommands() {}

  static final String DEFAULT_USER = "default";

  private static final CommandException WRONGPASS =
      new CommandException("WRONGPASS invalid username-password pair or user is disabled.");
  private static final CommandException AUTH_WITHOUT_PASSWORD =
      new CommandException(
          "ERR AUTH <password> called without any password configured for the default user. Are"
              + " you sure your configuration is correct?");
  private static final CommandException HELLO_NOAUTH =
      new CommandException(
          "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO"
              + " <proto> AUTH <user> <pass> option can be used to authenticate the client and"
              + " select the RESP protocol version at the same time");

  private static final String FLAGS = "noscript loading stale fast no_auth allow_busy";

  /** What the slow log and MONITOR show instead of credentials. */
  private static final byte[] REDACTED = Bytes.utf8("(redacted)");

  static void register(CommandTable t) {
    t.define("hello", -1, FLAGS, 0, 0, 0, "@fast @connection")
        .doc(
            "connection",
            "6.0.0",
            "O(1)",
            "Negotiates the protocol version, optionally authenticating and naming the connection.")
        .handler(HelloAuthCommands::hello);
    t.define("auth", -2, FLAGS, 0, 0, 0, "@fast @connection")
        .doc(
            "connection",
            "1.0.0",
            "O(N) where N is the number of passwords defined for the user",
            "Authenticates the connection.")
        .handler(HelloAuthCommands::auth);
  }

  private static void hello(Client c, byte[][] argv) {
    int version = 0;
    if (argv.length >= 2) {
      Long v = Bytes.parseLong(argv[1]);
      if (v == null) {
        throw new CommandException("ERR Protocol version is not an integer or out of range");
      }
      if (v < 2 || v > 3) {
        throw new CommandException("NOPROTO unsupported protocol version");
      }
      version = v.intValue();
    }
    byte[] user = null;
    byte[] password = null;
    byte[] name = null;
    for (int j = 2; j < argv.length; j++) {
      int more = argv.length - 1 - j;
      if (Bytes.is(argv[j], "auth") && more >= 2) {
        user = argv[j + 1];
        password = argv[j + 2];
        argv[j + 1] = REDACTED;
        argv[j + 2] = REDACTED;
        j += 2;
      } else if (Bytes.is(argv[j], "setname") && more >= 1) {
        name = argv[j + 1];
        ClientCommand.validateName(name);
        j++;
      } else {
        throw new CommandException("ERR Syntax error in HELLO option '" + Bytes.str(argv[j]) + "'");
      }
    }
    if (user != null) {
      authenticate(c, user, password, argv[0]);
    }
    if (!c.authenticated()) {
      throw HELLO_NOAUTH;
    }
    if (name != null) {
      c.setName(name.length == 0 ? null : Bytes.str(name));
    }
    if (version != 0) {
      c.reply().setProtocol(version);
    }
    boolean replica = c.engine().keyspace().isExpiryFollower();
    c.reply().map(7);
    c.reply().bulk("server");
    c.reply().bulk("redis");
    c.reply().bulk("version");
    c.reply().bulk(ServerIdentity.REDIS_VERSION);
    c.reply().bulk("proto");
    c.reply().integer(c.reply().protocol());
    c.reply().bulk("id");
    c.reply().integer(c.id());
    c.reply().bulk("mode");
    c.reply().bulk("standalone");
    c.reply().bulk("role");
    c.reply().bulk(replica ? "replica" : "master");
    c.reply().bulk("modules");
    c.reply().array(0);
  }

  private static void auth(Client c, byte[][] argv) {
    if (argv.length > 3) {
      throw Errors.SYNTAX;
    }
    // Credentials never reach the slow log or MONITOR: the command line is redacted in place.
    byte[][] given = argv.clone();
    for (int i = 1; i < argv.length; i++) {
      argv[i] = REDACTED;
    }
    if (given.length == 2) {
      if (c.engine().users().defaultUser().nopass()) {
        throw AUTH_WITHOUT_PASSWORD;
      }
      authenticate(c, Bytes.utf8(DEFAULT_USER), given[1], given[0]);
    } else {
      authenticate(c, given[1], given[2], given[0]);
    }
    c.reply().ok();
  }

  /**
   * Signs the client in as the user, or throws WRONGPASS leaving its state unchanged; a failure is
   * recorded in ACL LOG under the name the client gave.
   */
  private static void authenticate(Client c, byte[] user, byte[] password, byte[] commandName) {
    String name = new String(user, StandardCharsets.ISO_8859_1);
    User u = c.engine().users().authenticate(name, password);
    if (u == null) {
      c.engine()
          .aclLog()
          .add(
              c,
              Denial.Reason.AUTH,
              c.inMulti() ? "multi" : "toplevel",
              commandName,
              name,
              c.engine().config().acllogMaxLen);
      throw WRONGPASS;
    }
    c.signIn(u);
  }
}
