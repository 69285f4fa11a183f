package io.banyan.node.command.replication;

import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.replication.FailoverRequest;
import io.banyan.node.store.Bytes;

/**
 * FAILOVER's arguments: {@code [TO host port [FORCE]] [TIMEOUT ms]} in any order, each at most
 * once, or {@code ABORT} alone. Syntax only; whether the node can fail over is the replication
 * layer's question.
 */
final class FailoverArgs {
  private FailoverArgs() {}

  static boolean isAbort(byte[][] argv) {
    return argv.length == 2 && Bytes.is(argv[1], "abort");
  }

  static FailoverRequest parse(byte[][] argv) {
    long timeoutMs = 0;
    boolean force = false;
    String host = null;
    long port = 0;
    for (int j = 1; j < argv.length; j++) {
      if (Bytes.is(argv[j], "timeout") && j + 1 < argv.length && timeoutMs == 0) {
        Long t = Bytes.parseLong(argv[j + 1]);
        if (t == null) {
          throw Errors.NOT_INTEGER;
        }
        if (t <= 0) {
          throw new CommandException("ERR FAILOVER timeout must be greater than 0");
        }
        timeoutMs = t;
        j++;
      } else if (Bytes.is(argv[j], "to") && j + 2 < argv.length && host == null) {
        Long p = Bytes.parseLong(argv[j + 2]);
        if (p == null) {
          throw Errors.NOT_INTEGER;
        }
        host = Bytes.str(argv[j + 1]);
        port = p;
        j += 2;
      } else if (Bytes.is(argv[j], "force") && !force) {
        force = true;
      } else {
        throw Errors.SYNTAX;
      }
    }
    // A port outside int matches no replica; keep it unmatchable rather than wrapping around.
    int targetPort = port < 0 || port > 65535 ? -1 : (int) port;
    return new FailoverRequest(host, targetPort, force, timeoutMs);
  }
}
