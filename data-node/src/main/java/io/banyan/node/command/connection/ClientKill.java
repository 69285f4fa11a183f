package io.banyan.node.command.connection;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CLIENT KILL in both forms: the old {@code KILL ip:port} (replies OK, may close the caller) and
 * the filter form {@code KILL [ID id] [ADDR a] [LADDR a] [TYPE t] [USER u] [SKIPME yes|no]}
 * (replies with the number of connections closed; spares the caller unless SKIPME no).
 */
final class ClientKill {
  private ClientKill() {}

  /** The filter; null fields match everything. */
  private static final class Filter {
    long id;
    String addr;
    String laddr;
    String type;
    String user;
    boolean skipMe = true;

    boolean matches(Client target, Client caller) {
      return (addr == null || addr.equals(target.remoteAddress()))
          && (laddr == null || laddr.equals(target.localAddress()))
          && (type == null || type.equals(ClientInfo.type(target)))
          && (id == 0 || id == target.id())
          && (user == null || user.equals(target.user()))
          && !(skipMe && target == caller);
    }
  }

  static void kill(Client c, byte[][] argv) {
    Filter f = new Filter();
    boolean oldForm = argv.length == 3;
    if (oldForm) {
      f.addr = Bytes.str(argv[2]);
      f.skipMe = false; // the old form may close the caller's own connection
    } else {
      parse(c, argv, f);
    }
    List<Client> victims = new ArrayList<>();
    for (Client target : c.engine().clients().all()) {
      if (f.matches(target, c)) {
        victims.add(target);
      }
    }
    boolean closeSelf = false;
    for (Client target : victims) {
      if (target == c) {
        closeSelf = true;
      } else {
        target.closeNow();
      }
    }
    if (oldForm) {
      if (victims.isEmpty()) {
        throw new CommandException("ERR No such client");
      }
      c.reply().ok();
    } else {
      c.reply().integer(victims.size());
    }
    if (closeSelf) {
      c.closeAfterReply();
    }
  }

  private static void parse(Client c, byte[][] argv, Filter f) {
    for (int i = 2; i < argv.length; i += 2) {
      if (i + 1 >= argv.length) {
        throw Errors.SYNTAX;
      }
      byte[] value = argv[i + 1];
      if (Args.is(argv[i], "id")) {
        Long id = Bytes.parseLong(value);
        if (id == null || id <= 0) {
          throw new CommandException("ERR client-id should be greater than 0");
        }
        f.id = id;
      } else if (Args.is(argv[i], "type")) {
        f.type = clientType(value);
      } else if (Args.is(argv[i], "addr")) {
        f.addr = Bytes.str(value);
      } else if (Args.is(argv[i], "laddr")) {
        f.laddr = Bytes.str(value);
      } else if (Args.is(argv[i], "user")) {
        f.user = new String(value, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (c.engine().users().get(f.user) == null) {
          throw new CommandException("ERR No such user '" + f.user + "'");
        }
      } else if (Args.is(argv[i], "skipme")) {
        if (Args.is(value, "yes")) {
          f.skipMe = true;
        } else if (Args.is(value, "no")) {
          f.skipMe = false;
        } else {
          throw Errors.SYNTAX;
        }
      } else {
        throw Errors.SYNTAX;
      }
    }
  }

  /** A client type name (slave is an alias of replica), or Redis's error for an unknown one. */
  static String clientType(byte[] name) {
    String t = Bytes.str(name).toLowerCase(Locale.ROOT);
    return switch (t) {
      case "normal", "master", "replica", "pubsub" -> t;
      case "slave" -> "replica";
      default -> throw new CommandException("ERR Unknown client type '" + Bytes.str(name) + "'");
    };
  }
}
