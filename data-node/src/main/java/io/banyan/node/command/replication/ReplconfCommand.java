package io.banyan.node.command.replication;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.replication.ReplicaHandshake;
import io.banyan.node.store.Bytes;

/**
 * REPLCONF option value [option value ...]: what a replica tells its master during the handshake
 * (listening-port, ip-address, capa, banyan-zone, rdb-only) and afterwards (ACK offset [FACK
 * offset], answered with nothing), and GETACK, which only a master sends and a master ignores.
 * Options apply in order; the first bad one is the error, as in Redis.
 */
final class ReplconfCommand {
  private ReplconfCommand() {}

  static void run(ReplicaHandshake handshake, Client c, byte[][] argv) {
    if (argv.length % 2 == 0) {
      throw Errors.SYNTAX;
    }
    for (int i = 1; i < argv.length; i += 2) {
      String option = Bytes.lower(argv[i]);
      byte[] value = argv[i + 1];
      switch (option) {
        case "listening-port" -> handshake.listeningPort(c, (int) integer(value));
        case "ip-address" -> handshake.announcedIp(c, Bytes.str(value));
        case "capa" -> {
          if (Bytes.is(value, "eof")) {
            handshake.acceptsEofSync(c);
          }
        }
        case "ack" -> {
          Long offset = Bytes.parseLong(value);
          // Redis 7.2's replicas add FACK <offset>: how far their AOF is fsynced.
          Long aofOffset =
              i + 3 < argv.length && Bytes.is(argv[i + 2], "fack")
                  ? Bytes.parseLong(argv[i + 3])
                  : null;
          if (offset != null) {
            handshake.ack(c, offset, aofOffset == null ? -1 : aofOffset);
          }
          return; // never answered
        }
        case "getack" -> {
          return; // only meaningful from a master, whose link answers it directly
        }
        case "banyan-zone" -> handshake.zone(c, Bytes.str(value));
        case "rdb-only" -> {
          long flag = integer(value);
          if (flag < 0 || flag > 1) {
            throw new CommandException("ERR value is out of range, value must between 0 and 1");
          }
          handshake.rdbOnly(c, flag == 1);
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

  private static long integer(byte[] value) {
    Long n = Bytes.parseLong(value);
    if (n == null) {
      throw new CommandException("ERR value is not an integer or out of range");
    }
    return n;
  }
}
