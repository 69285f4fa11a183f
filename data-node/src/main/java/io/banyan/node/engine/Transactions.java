package io.banyan.node.engine;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;

/**
 * MULTI/EXEC state shared by the dispatcher (which queues commands and may reject EXEC) and the
 * transaction commands (which run or drop the queue). Command-execution thread only.
 */
public final class Transactions {
  /** The error EXEC answers when queueing a command failed (unknown command, arity, OOM, ...). */
  public static final String EXECABORT =
      "EXECABORT Transaction discarded because of previous errors.";

  private Transactions() {}

  /**
   * Leaves MULTI state: drops the queued commands and the error flag, and forgets every watched key
   * (EXEC, DISCARD, RESET, and a rejected EXEC).
   */
  public static void discard(Client c) {
    c.queued().clear();
    c.setInMulti(false);
    c.setMultiAborted(false);
    c.engine().watches().unwatchAll(c);
  }

  /** True when the command is EXEC (checks that apply to EXEC consider its queued commands). */
  public static boolean isExec(CommandSpec spec) {
    return spec.name().equals("exec");
  }

  /** True when some command queued by the client has the flag (Redis's mstate.cmd_flags). */
  public static boolean queuedHas(Client c, CommandFlag flag) {
    for (Client.QueuedCommand q : c.queued()) {
      if (q.spec().has(flag)) {
        return true;
      }
    }
    return false;
  }

  /** True when some command queued by the client lacks the flag (Redis's mstate.cmd_inv_flags). */
  public static boolean queuedLacks(Client c, CommandFlag flag) {
    for (Client.QueuedCommand q : c.queued()) {
      if (!q.spec().has(flag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Rejects EXEC before it runs (OOM, READONLY, MISCONF, ...): as Redis, the transaction is
   * discarded and the reason is reported under EXECABORT.
   */
  static String abortExec(Client c, String reason) {
    discard(c);
    String r = reason.startsWith("-") ? reason.substring(1) : reason;
    // Errors Redis formats itself (arity, ...) carry no code here; coded ones (OOM, READONLY, ...)
    // keep theirs.
    if (r.startsWith("ERR ")) {
      r = r.substring(4);
    }
    return "EXECABORT Transaction discarded because of: " + r;
  }
}
