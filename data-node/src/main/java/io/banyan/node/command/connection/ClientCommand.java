package io.banyan.node.command.connection;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.command.server.Help;
import io.banyan.node.store.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT subcommands: identity (ID, SETNAME, GETNAME, INFO, LIST), control of other connections
 * (KILL in {@link ClientKill}, PAUSE, UNPAUSE, UNBLOCK) and per-connection switches (NO-EVICT,
 * NO-TOUCH). Client-side caching is not supported: TRACKING ON is refused with a clear error, while
 * the read-only tracking queries answer as for a connection that does not track.
 */
final class ClientCommand {
  private ClientCommand() {}

  static final CommandException TRACKING_UNSUPPORTED =
      new CommandException(
          "ERR client-side caching (CLIENT TRACKING) is not supported by this server");

  private static final String BASIC = "noscript loading stale";
  private static final String ADMIN = "admin noscript loading stale";
  private static final String BASIC_ACL = "@slow @connection";
  private static final String ADMIN_ACL = "@admin @slow @dangerous @connection";

  static void register(CommandTable t) {
    t.define("client", -2, "", 0, 0, 0, "@slow")
        .doc("connection", "2.4.0", "Depends on subcommand.", "Manages client connections.");
    t.define("client|id", 2, BASIC, 0, 0, 0, BASIC_ACL)
        .doc("connection", "5.0.0", "O(1)", "Returns the id of this connection.")
        .handler((c, argv) -> c.reply().integer(c.id()));
    t.define("client|setname", 3, BASIC, 0, 0, 0, BASIC_ACL)
        .doc("connection", "2.6.9", "O(1)", "Names this connection.")
        .handler(ClientCommand::setName);
    t.define("client|getname", 2, BASIC, 0, 0, 0, BASIC_ACL)
        .doc("connection", "2.6.9", "O(1)", "Returns the name of this connection.")
        .handler((c, argv) -> c.reply().bulk(c.name()));
    t.define("client|info", 2, BASIC, 0, 0, 0, BASIC_ACL)
        .tips("nondeterministic_output")
        .doc("connection", "6.2.0", "O(1)", "Describes this connection.")
        .handler(
            (c, argv) -> c.reply().verbatim(ClientInfo.line(c, c, "client|info", argv) + "\n"));
    t.define("client|list", -2, ADMIN, 0, 0, 0, ADMIN_ACL)
        .tips("nondeterministic_output")
        .doc(
            "connection",
            "2.4.0",
            "O(N) where N is the number of client connections",
            "Describes the open connections.")
        .handler(ClientCommand::list);
    t.define("client|kill", -3, ADMIN, 0, 0, 0, ADMIN_ACL)
        .doc(
            "connection",
            "2.4.0",
            "O(N) where N is the number of client connections",
            "Closes the connections matching a filter.")
        .handler(ClientKill::kill);
    t.define("client|pause", -3, ADMIN, 0, 0, 0, ADMIN_ACL)
        .doc("connection", "2.9.50", "O(1)", "Holds client commands for a while.")
        .handler(ClientCommand::pause);
    t.define("client|unpause", 2, ADMIN, 0, 0, 0, ADMIN_ACL)
        .doc(
            "connection",
            "6.2.0",
            "O(N) Where N is the number of paused clients",
            "Ends a pause started by CLIENT PAUSE.")
        .handler(
            (c, argv) -> {
              c.engine().pause().unpause();
              c.reply().ok();
            });
    t.define("client|unblock", -3, ADMIN, 0, 0, 0, ADMIN_ACL)
        .doc(
            "connection",
            "5.0.0",
            "O(log N) where N is the number of client connections",
            "Ends the wait of a client blocked on keys.")
        .handler(ClientCommand::unblock);
    t.define("client|no-evict", 3, ADMIN, 0, 0, 0, ADMIN_ACL)
        .doc("connection", "7.0.0", "O(1)", "Protects this connection from client eviction.")
        .handler((c, argv) -> c.setNoEvict(onOff(argv[2], c)));
    t.define("client|no-touch", 3, BASIC, 0, 0, 0, BASIC_ACL)
        .doc(
            "connection",
            "7.2.0",
            "O(1)",
            "Stops this connection's reads from changing the keys' access times.")
        .handler((c, argv) -> c.setNoTouch(onOff(argv[2], c)));
    t.define("client|reply", 3, BASIC, 0, 0, 0, BASIC_ACL)
        .doc("connection", "3.2.0", "O(1)", "Turns the replies to this connection on or off.")
        .handler(ClientCommand::reply);
    t.define("client|tracking", -3, BASIC, 0, 0, 0, BASIC_ACL)
        .doc(
            "connection",
            "6.0.0",
            "O(1). Some options may introduce additional complexity.",
            "Client-side caching: not supported by this server.")
        .handler(ClientCommand::tracking);
    t.define("client|getredir", 2, BASIC, 0, 0, 0, BASIC_ACL)
        .doc("connection", "6.0.0", "O(1)", "Returns -1: this connection does not track keys.")
        .handler((c, argv) -> c.reply().integer(-1));
    t.define("client|trackinginfo", 2, BASIC, 0, 0, 0, BASIC_ACL)
        .doc("connection", "6.2.0", "O(1)", "Reports that this connection does not track keys.")
        .handler(ClientCommand::trackingInfo);
    t.define("client|caching", 3, BASIC, 0, 0, 0, BASIC_ACL)
        .doc("connection", "6.0.0", "O(1)", "Client-side caching: not supported by this server.")
        .handler(ClientCommand::caching);
    t.define("client|help", 2, "loading stale", 0, 0, 0, BASIC_ACL)
        .doc("connection", "5.0.0", "O(1)", "Explains the CLIENT subcommands.")
        .handler(ClientCommand::help);
  }

  /**
   * Client names are printable ASCII without spaces, since CLIENT LIST separates fields with
   * spaces. The empty name removes the name.
   */
  static void validateName(byte[] name) {
    for (byte b : name) {
      if (b < '!' || b > '~') {
        throw new CommandException(
            "ERR Client names cannot contain spaces, newlines or special characters.");
      }
    }
  }

  private static void setName(Client c, byte[][] argv) {
    validateName(argv[2]);
    c.setName(argv[2].length == 0 ? null : Bytes.str(argv[2]));
    c.reply().ok();
  }

  private static void list(Client c, byte[][] argv) {
    List<Client> selected = new ArrayList<>();
    if (argv.length == 4 && Args.is(argv[2], "type")) {
      String type = ClientKill.clientType(argv[3]);
      for (Client other : c.engine().clients().all()) {
        if (ClientInfo.type(other).equals(type)) {
          selected.add(other);
        }
      }
    } else if (argv.length > 3 && Args.is(argv[2], "id")) {
      for (int i = 3; i < argv.length; i++) {
        Long id = Bytes.parseLong(argv[i]);
        if (id == null) {
          throw new CommandException("ERR Invalid client ID");
        }
        Client other = c.engine().clients().get(id);
        if (other != null) {
          selected.add(other);
        }
      }
    } else if (argv.length != 2) {
      throw Errors.SYNTAX;
    } else {
      selected.addAll(c.engine().clients().all());
    }
    StringBuilder sb = new StringBuilder(selected.size() * 300);
    for (Client other : selected) {
      sb.append(ClientInfo.line(other, c, "client|list", argv)).append('\n');
    }
    c.reply().verbatim(sb.toString());
  }

  private static void pause(Client c, byte[][] argv) {
    Long timeout = Bytes.parseLong(argv[2]);
    if (timeout == null) {
      throw new CommandException("ERR timeout is not an integer or out of range");
    }
    if (timeout < 0) {
      throw new CommandException("ERR timeout is negative");
    }
    boolean writesOnly = false;
    if (argv.length == 4) {
      if (Args.is(argv[3], "write")) {
        writesOnly = true;
      } else if (!Args.is(argv[3], "all")) {
        throw new CommandException("ERR CLIENT PAUSE mode must be WRITE or ALL");
      }
    } else if (argv.length > 4) {
      throw Help.subcommandSyntaxError(argv);
    }
    c.engine().pause().pause(timeout, writesOnly);
    c.reply().ok();
  }

  /** CLIENT REPLY: OFF and SKIP send no reply themselves; ON answers OK. */
  private static void reply(Client c, byte[][] argv) {
    if (Args.is(argv[2], "on")) {
      c.setRepliesOff(false);
      c.reply().ok();
    } else if (Args.is(argv[2], "off")) {
      c.setRepliesOff(true);
    } else if (Args.is(argv[2], "skip")) {
      c.skipNextReply();
    } else {
      throw Errors.SYNTAX;
    }
  }

  private static void unblock(Client c, byte[][] argv) {
    long id = Args.toLong(argv[2]);
    boolean error = false;
    if (argv.length == 4) {
      if (Args.is(argv[3], "error")) {
        error = true;
      } else if (!Args.is(argv[3], "timeout")) {
        throw new CommandException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
      }
    } else if (argv.length > 4) {
      throw Help.subcommandSyntaxError(argv);
    }
    Client target = c.engine().clients().get(id);
    boolean unblocked = target != null && c.engine().blocking().unblockClient(target, error);
    c.reply().integer(unblocked ? 1 : 0);
  }

  /** Parses ON/OFF for the switch subcommands and replies OK; syntax error otherwise. */
  private static boolean onOff(byte[] arg, Client c) {
    boolean on;
    if (Args.is(arg, "on")) {
      on = true;
    } else if (Args.is(arg, "off")) {
      on = false;
    } else {
      throw Errors.SYNTAX;
    }
    c.reply().ok();
    return on;
  }

  private static void tracking(Client c, byte[][] argv) {
    if (Args.is(argv[2], "on")) {
      throw TRACKING_UNSUPPORTED;
    }
    if (!Args.is(argv[2], "off")) {
      throw Errors.SYNTAX;
    }
    c.reply().ok(); // tracking is never on, so turning it off succeeds trivially
  }

  private static void caching(Client c, byte[][] argv) {
    throw new CommandException(
        "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or"
            + " OPTOUT mode enabled");
  }

  private static void trackingInfo(Client c, byte[][] argv) {
    c.reply().map(3);
    c.reply().bulk("flags");
    c.reply().set(1);
    c.reply().bulk("off");
    c.reply().bulk("redirect");
    c.reply().integer(-1);
    c.reply().bulk("prefixes");
    c.reply().array(0);
  }

  private static void help(Client c, byte[][] argv) {
    Help.reply(
        c,
        "client",
        "CACHING (YES|NO)",
        "    Not supported: this server does not offer client-side caching.",
        "GETREDIR",
        "    Return -1: connections never track keys here.",
        "GETNAME",
        "    Return the name of this connection.",
        "ID",
        "    Return the id of this connection.",
        "INFO",
        "    Describe this connection.",
        "KILL <ip:port>",
        "    Close the connection from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Close the connections matching every option:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Connections from this address.",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Connections to this local address.",
        "    * ID <client-id>",
        "      The connection with this id.",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Connections of this type.",
        "    * USER <username>",
        "      Connections signed in as this user.",
        "    * SKIPME (YES|NO)",
        "      Whether to spare this connection (default: yes).",
        "LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <client-id> ...]",
        "    Describe the open connections, optionally only some.",
        "UNPAUSE",
        "    End a pause started by CLIENT PAUSE.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Hold the commands of all clients, or only writes, for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Turn the replies to this connection on or off, or drop the next one.",
        "SETNAME <name>",
        "    Name this connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    End the wait of a blocked client, as a timeout or with an error.",
        "TRACKING (ON|OFF) [...]",
        "    Not supported: turning tracking on is refused.",
        "TRACKINGINFO",
        "    Report that this connection does not track keys.",
        "NO-EVICT (ON|OFF)",
        "    Protect this connection from client eviction.",
        "NO-TOUCH (ON|OFF)",
        "    Stop this connection's reads from changing the keys' access times.");
  }
}
