package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;

/**
 * REPLCONF option value [option value ...]: what a replica tells its master during the handshake
 * (listening-port, ip-address, capa) and afterwards (ACK offset, answered with nothing), and
 * GETACK, which only a master sends and a master ignores; rdb-only (a snapshot and nothing else,
 * see {@link ReplicaLink#rdbOnly}).
 */
final class ReplconfCommand {
  private ReplconfCommand() {}

  static void run(Replication r, Client c, byte[][] argv) {
    if (argv.length % 2 == 0) {
      throw Errors.SYNTAX;
    }
    for (int i = 1; i < argv.length; i += 2) {
      String option = Bytes.lower(argv[i]);
      byte[] value = argv[i + 1];
      switch (option) {
        case "listening-port" -> {
          Long port = Bytes.parseLong(value);
          if (port == null) {
            throw new CommandException("ERR value is not an integer or out of range");
          }
          r.master().link(c).listeningPort = port.intValue();
        }
        case "ip-address" -> r.master().link(c).announcedIp = Bytes.str(value);
        case "capa" -> {
          if (Bytes.is(value, "eof")) {
            r.master().link(c).capaEof = true;
          }
        }
        case "ack" -> {
          ReplicaLink l = r.master().existingLink(c);
          Long offset = Bytes.parseLong(value);
          // Redis 7.2's replicas add FACK <offset>: how far their AOF is fsynced.
          Long aofOffset =
              i + 3 < argv.length && Bytes.is(argv[i + 2], "fack")
                  ? Bytes.parseLong(argv[i + 3])
                  : null;
          if (l != null && c.isReplica() && offset != null) {
            r.acked(l, offset, aofOffset == null ? -1 : aofOffset);
          }
          return; // never answered
        }
        case "getack" -> {
          return; // only meaningful from a master, whose link answers it directly
        }
        // A Banyan extension: the replica's zone, for banyan-min-replicas-scope other-zones. A
        // replica sends it in the handshake and again when its banyan-zone changes.
        case "banyan-zone" -> {
          String zone = Bytes.str(value);
          r.master().link(c).zone = zone.isEmpty() ? null : zone;
        }
        case "rdb-only" -> {
          Long flag = Bytes.parseLong(value);
          if (flag == null) {
            throw new CommandException("ERR value is not an integer or out of range");
          }
          if (flag < 0 || flag > 1) {
            throw new CommandException("ERR value is out of range, value must between 0 and 1");
          }
          r.master().link(c).rdbOnly = flag == 1;
        }
        case "rdb-filter-only" -> {}
        default ->
            throw new CommandException("ERR Unrecognized REPLCONF option: " + Bytes.str(argv[i]));
      }
    }
    if (c.isReplica()) {
      return; // a synchronised replica reads only the stream from us, never a reply (as Redis)
    }
    c.reply().ok();
  }
}
