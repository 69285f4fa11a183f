package io.banyan.node.engine;

import io.banyan.node.acl.Denial;
import io.banyan.node.acl.PermissionCheck;
import io.banyan.node.acl.User;
import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import java.util.List;

/**
 * Runs one request through the checks Redis applies before a command executes, then executes it and
 * does the bookkeeping after: lookup, arity, authentication, transaction queueing, the RESP2
 * pub/sub context, memory limit, client pause; then timing, statistics, slow log, MONITOR feed,
 * propagation of the write, and serving clients blocked on keys that became ready.
 *
 * <p>Command-execution thread only.
 */
public final class Dispatcher {
  private final Engine engine;
  private CommandSpec currentSpec;
  private byte[][] currentArgv;

  Dispatcher(Engine engine) {
    this.engine = engine;
  }

  /** The command being executed, for services that capture it (blocking, slow log). */
  public CommandSpec currentSpec() {
    return currentSpec;
  }

  public byte[][] currentArgv() {
    return currentArgv;
  }

  /** Entry point for every decoded request of a client. */
  public void dispatch(Client c, byte[][] argv) {
    if (c.state() != ClientState.NORMAL || !c.pendingRequests().isEmpty()) {
      c.pendingRequests().addLast(argv);
      return;
    }
    process(c, argv);
    if (c.state() == ClientState.NORMAL) {
      c.commandDone();
    }
    afterCommand();
  }

  /** enable-debug-command as Redis 7.0: "yes", or "local" for a client on this host. */
  private boolean debugAllowed(Client c) {
    String mode = engine.config().enableDebugCommand;
    return mode.equals("yes") || (mode.equals("local") && c.isLocal()) || c.isMaster();
  }

  /**
   * The checks in Redis 7.0's order: lookup and arity, DEBUG's enable-debug-command,
   * authentication, commands refused inside MULTI, the ACL, memory, the write guard (read-only
   * replica, MISCONF, ...), the RESP2 pub/sub context, loading, client pause; only then is a
   * command queued (inside MULTI) or run. Any rejection while in MULTI makes EXEC fail; a rejected
   * EXEC discards the transaction.
   */
  private void process(Client c, byte[][] argv) {
    c.markInteraction(engine.nowMs());
    CommandSpec spec;
    try {
      spec = resolve(argv);
    } catch (CommandException e) {
      // An arity error belongs to the command it names: Redis 7.0 counts it among that command's
      // rejected calls, and a rejected EXEC discards the transaction.
      reject(c, withWrongArity(argv), e.getMessage());
      return;
    }
    if (spec.name().equals("debug") && !debugAllowed(c)) {
      reject(
          c,
          spec,
          "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\","
              + " you can run it from a local connection, otherwise you need to set this option in"
              + " the configuration file, and then restart the server.");
      return;
    }
    if (!c.authenticated() && engine.authRequired() && !spec.has(CommandFlag.NO_AUTH)) {
      reject(c, spec, Errors.NOAUTH.getMessage());
      return;
    }
    if (c.inMulti() && spec.has(CommandFlag.NO_MULTI)) {
      reject(c, spec, "ERR Command not allowed inside a transaction");
      return;
    }
    Denial denial = aclDenial(c, spec, argv);
    if (denial != null) {
      reject(c, spec, denial.errorMessage(spec.name()));
      return;
    }
    String oom = oomCheck(spec, c);
    if (oom != null) {
      reject(c, spec, oom);
      return;
    }
    String refused = writeGuardRefusal(c, spec);
    if (refused != null) {
      reject(c, spec, refused);
      return;
    }
    if (c.inPubSubContext() && !allowedInPubSubContext(spec)) {
      reject(
          c,
          spec,
          "ERR Can't execute '"
              + spec.name()
              + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this"
              + " context");
      return;
    }
    if (engine.loading().active() && Loading.refuses(c, spec)) {
      reject(c, spec, Loading.ERROR);
      return;
    }
    if (pauseHolds(c, spec)) {
      c.pendingRequests().addFirst(argv);
      engine.pause().hold(c);
      return;
    }
    if (c.inMulti() && !isTransactionControl(spec)) {
      c.queued().add(new Client.QueuedCommand(spec, argv));
      c.reply().queued();
      return;
    }
    call(c, spec, argv);
  }

  /**
   * The ACL's refusal of a command for the client's user, recorded in ACL LOG; null when allowed or
   * when the client is the node's own (master link, AOF), which no ACL restricts.
   */
  public Denial aclDenial(Client c, CommandSpec spec, byte[][] argv) {
    User user = c.aclUser();
    if (user == null) {
      return null;
    }
    Denial denial = PermissionCheck.check(user, spec, argv);
    if (denial != null) {
      byte[] object =
          denial.reason() == Denial.Reason.COMMAND
              ? Bytes.utf8(spec.name())
              : argv[denial.position()];
      engine
          .aclLog()
          .add(
              c,
              denial.reason(),
              c.inMulti() || c.executingTransaction() ? "multi" : "toplevel",
              object,
              user.name(),
              engine.config().acllogMaxLen);
    }
    return denial;
  }

  /** The write guard's refusal; EXEC is refused when one of its queued commands would be. */
  private String writeGuardRefusal(Client c, CommandSpec spec) {
    String refused = engine.writeGuard().refusal(c, spec);
    if (refused == null && c.inMulti() && Transactions.isExec(spec)) {
      for (Client.QueuedCommand q : c.queued()) {
        refused = engine.writeGuard().refusal(c, q.spec());
        if (refused != null) {
          break;
        }
      }
    }
    return refused;
  }

  /** Whether a pause holds the command; EXEC is held when one of its queued commands would be. */
  private boolean pauseHolds(Client c, CommandSpec spec) {
    if (engine.pause().holds(c, spec)) {
      return true;
    }
    if (c.inMulti() && Transactions.isExec(spec)) {
      for (Client.QueuedCommand q : c.queued()) {
        if (engine.pause().holds(c, q.spec())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Finds the spec for argv: the command, or its subcommand for containers; checks arity. */
  public CommandSpec resolve(byte[][] argv) {
    CommandSpec spec = engine.commands().lookup(argv[0]);
    if (spec == null) {
      throw new CommandException(unknownCommandMessage(argv));
    }
    // A container called alone runs its own handler when it has one (COMMAND), as Redis does.
    if (spec.isContainer() && (argv.length >= 2 || spec.handler() == null)) {
      if (argv.length < 2) {
        throw Errors.wrongArity(spec.name());
      }
      String subName = Bytes.lower(argv[1]);
      CommandSpec sub = spec.subcommands().get(subName);
      if (sub == null) {
        throw Errors.unknownSubcommand(Bytes.str(argv[1]), spec.name());
      }
      spec = sub;
    }
    if (!spec.arityAccepts(argv.length)) {
      throw Errors.wrongArity(spec.name());
    }
    return spec;
  }

  /** The command or subcommand argv names when it exists but argv has a wrong arity, else null. */
  private CommandSpec withWrongArity(byte[][] argv) {
    CommandSpec spec = engine.commands().lookup(argv[0]);
    if (spec != null && spec.isContainer() && argv.length >= 2) {
      spec = spec.subcommands().get(Bytes.lower(argv[1]));
    }
    return spec != null && !spec.arityAccepts(argv.length) ? spec : null;
  }

  private static String unknownCommandMessage(byte[][] argv) {
    StringBuilder sb = new StringBuilder("ERR unknown command '");
    sb.append(truncate(Bytes.str(argv[0]))).append("', with args beginning with: ");
    for (int i = 1; i < argv.length && sb.length() < 128; i++) {
      sb.append('\'').append(truncate(Bytes.str(argv[i]))).append("' ");
    }
    return sb.toString();
  }

  private static String truncate(String s) {
    return s.length() > 128 ? s.substring(0, 128) : s;
  }

  private static boolean isTransactionControl(CommandSpec spec) {
    return switch (spec.name()) {
      case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
      default -> false;
    };
  }

  private static boolean allowedInPubSubContext(CommandSpec spec) {
    return switch (spec.name()) {
      case "subscribe",
          "unsubscribe",
          "psubscribe",
          "punsubscribe",
          "ssubscribe",
          "sunsubscribe",
          "ping",
          "quit",
          "reset" ->
          true;
      default -> false;
    };
  }

  /**
   * Evicts if needed, then decides whether the command may run while memory stays over the limit
   * (maxmemory, or the heap guard's: {@link Engine#memoryLimit()}). As Redis 7.0: commands flagged
   * denyoom are refused, and so is EXEC when it queued one; inside MULTI every command is refused
   * (queueing itself uses memory) except EXEC, DISCARD, QUIT and RESET. Reads outside MULTI still
   * run.
   */
  private String oomCheck(CommandSpec spec, Client c) {
    if (engine.memoryLimit() == Long.MAX_VALUE || c.isMaster() || engine.loading().active()) {
      // Redis does not evict while loading: the dataset is not complete yet.
      return null;
    }
    boolean overLimit = !engine.evictor().freeMemoryIfNeeded();
    if (!overLimit) {
      return null;
    }
    boolean exec = Transactions.isExec(spec);
    boolean refuse =
        spec.has(CommandFlag.DENYOOM)
            || (exec && c.inMulti() && Transactions.queuedHas(c, CommandFlag.DENYOOM));
    if (c.inMulti()) {
      switch (spec.name()) {
        case "exec", "discard", "quit", "reset" -> {}
        default -> refuse = true;
      }
    }
    return refuse ? Errors.OOM.getMessage() : null;
  }

  /**
   * Writes a rejection. Inside MULTI it flags the transaction so that EXEC fails; a rejected EXEC
   * discards the transaction and reports the reason under EXECABORT.
   */
  private void reject(Client c, CommandSpec spec, String error) {
    if (c.inMulti()) {
      if (spec != null && Transactions.isExec(spec)) {
        error = Transactions.abortExec(c, error);
      } else {
        c.setMultiAborted(true);
      }
    }
    c.reply().error(error);
    engine.stats().errorReplies++;
    if (spec != null) {
      engine.commandStats().of(spec.name()).rejectedCalls++;
    }
  }

  /**
   * Executes a resolved command with all bookkeeping. Also used by EXEC for each queued command.
   *
   * <p>Everything the command propagates, deletions of keys it found expired included, forms one
   * unit: as Redis 7.0 does, two or more propagated commands are wrapped in MULTI/EXEC (SPOP with a
   * count, a write that first expired its key).
   */
  public void call(Client c, CommandSpec spec, byte[][] argv) {
    boolean changed;
    engine.beginAtomicPropagation();
    try {
      changed = execute(c, spec, argv);
    } finally {
      engine.endAtomicPropagation();
    }
    if (changed) {
      // Only now has the unit reached the AOF (and replicas): the offset that makes this client's
      // writes durable is the stream's end after it. Read earlier, an appendfsync-always reply
      // could be released before its own write was on disk.
      c.setWriteOffset(engine.aofOffset());
      c.setReplicationOffset(engine.replicationOffset());
    }
  }

  /** Runs the command and its bookkeeping; returns whether it changed data (and propagated). */
  private boolean execute(Client c, CommandSpec spec, byte[][] argv) {
    CommandSpec outerSpec = currentSpec;
    byte[][] outerArgv = currentArgv;
    currentSpec = spec;
    currentArgv = argv;
    long changesBefore = engine.commandChanges();
    boolean retry = engine.blocking().isRetrying(c);
    long start = System.nanoTime();
    boolean failed = false;
    try {
      spec.handler().execute(c, argv);
    } catch (CommandException e) {
      c.reply().error(e.getMessage());
      engine.stats().errorReplies++;
      failed = true;
    } catch (RuntimeException e) {
      engine.log().warning("command " + spec.name() + " failed: " + e);
      c.reply().error("ERR internal error: " + e.getClass().getSimpleName());
      engine.stats().errorReplies++;
      engine.stats().unexpectedErrorReplies++;
      failed = true;
    } finally {
      currentSpec = outerSpec;
      currentArgv = outerArgv;
    }
    long micros = (System.nanoTime() - start) / 1000;
    // A blocking command that waits is counted in commandstats (and the slow log) once, when it is
    // served or times out; the server's command total and MONITOR see its first run only.
    boolean waiting = engine.blocking().leftWaiting(c);
    // Fed after execution, as Redis 7.0 does: monitors see the arguments a command redacted (AUTH
    // passwords), and administrative commands (CONFIG, DEBUG, CLIENT KILL, ...) are not shown.
    if (!spec.has(CommandFlag.SKIP_MONITOR)
        && !spec.has(CommandFlag.ADMIN)
        && !retry
        && engine.monitors().active()) {
      engine.monitors().feed(c, argv);
    }
    c.setLastCommand(spec.name());
    if (!waiting) {
      CommandStats.Entry stats = engine.commandStats().of(spec.name());
      stats.calls++;
      stats.micros += micros;
      if (failed) {
        stats.failedCalls++;
      }
    }
    if (!retry) {
      engine.stats().commandsProcessed++;
    }
    if (!spec.has(CommandFlag.SKIP_SLOWLOG)
        && !waiting
        && (c.state() == ClientState.NORMAL || retry)
        && engine.config().slowlogLogSlowerThanMicros >= 0
        && micros >= engine.config().slowlogLogSlowerThanMicros) {
      engine
          .slowLog()
          .add(micros, argv, c.remoteAddress(), c.name(), engine.config().slowlogMaxLen);
    }
    List<byte[][]> rewritten = c.takePropagation();
    if (engine.commandChanges() != changesBefore || rewritten != null) {
      if (rewritten != null) {
        for (byte[][] r : rewritten) {
          engine.propagate(c.db().index(), r);
        }
      } else if (spec.isWrite()) {
        engine.propagate(c.db().index(), argv);
      }
      return true;
    }
    return false;
  }

  /** Re-runs a blocked client's command after one of its keys became ready. */
  void reexecute(Client c, CommandSpec spec, byte[][] argv, int db) {
    c.selectDb(engine.keyspace().db(db));
    call(c, spec, argv);
    c.flush();
  }

  /** Bookkeeping after each top-level request: serve blocked clients whose keys became ready. */
  private void afterCommand() {
    if (engine.blocking().hasWork()) {
      engine.blocking().serveReady();
    }
  }

  /**
   * Runs the requests a client queued while blocked or paused, until it blocks again or the queue
   * is empty. Scheduled rather than run inline so that the unblocking command finishes first.
   */
  public void resume(Client c) {
    c.connection()
        .execute(
            () -> {
              while (c.state() == ClientState.NORMAL
                  && !c.pendingRequests().isEmpty()
                  && !c.closing()) {
                process(c, c.pendingRequests().pollFirst());
                if (c.state() == ClientState.NORMAL) {
                  c.commandDone();
                }
                afterCommand();
              }
              if (c.closeWhenUnblocked() && c.state() == ClientState.NORMAL) {
                c.closeAfterReply();
              } else {
                c.flush();
              }
            });
  }
}
