package io.banyan.node.engine;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;
import io.banyan.node.command.CommandException;
import io.banyan.node.command.CommandFlag;
import io.banyan.node.command.CommandSpec;
import io.banyan.node.command.Errors;
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

  private void process(Client c, byte[][] argv) {
    c.markInteraction(engine.nowMs());
    CommandSpec spec;
    try {
      spec = resolve(argv);
    } catch (CommandException e) {
      rejectInMulti(c);
      reject(c, null, e.getMessage());
      return;
    }
    if (!c.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
      rejectInMulti(c);
      reject(c, spec, Errors.NOAUTH.getMessage());
      return;
    }
    if (c.inMulti() && !isTransactionControl(spec)) {
      if (spec.has(CommandFlag.NO_MULTI)) {
        rejectInMulti(c);
        reject(c, spec, "ERR Command not allowed inside a transaction");
        return;
      }
      String oom = oomCheck(spec, c);
      if (oom != null) {
        rejectInMulti(c);
        reject(c, spec, oom);
        return;
      }
      c.queued().add(new Client.QueuedCommand(spec, argv));
      c.reply().queued();
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
    String oom = oomCheck(spec, c);
    if (oom != null) {
      reject(c, spec, oom);
      return;
    }
    String refused = engine.writeGuard().refusal(c, spec);
    if (refused != null) {
      reject(c, spec, refused);
      return;
    }
    if (engine.pause().holds(c, spec)) {
      c.pendingRequests().addFirst(argv);
      engine.pause().hold(c);
      return;
    }
    call(c, spec, argv);
  }

  /** Finds the spec for argv: the command, or its subcommand for containers; checks arity. */
  public CommandSpec resolve(byte[][] argv) {
    String name = Bytes.lower(argv[0]);
    CommandSpec spec = engine.commands().lookup(name);
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

  private String oomCheck(CommandSpec spec, Client c) {
    if (engine.config().maxMemory <= 0 || c.isMaster()) {
      return null;
    }
    boolean overLimit = !engine.evictor().freeMemoryIfNeeded();
    if (overLimit && spec.has(CommandFlag.DENYOOM)) {
      return Errors.OOM.getMessage();
    }
    return null;
  }

  private void rejectInMulti(Client c) {
    if (c.inMulti()) {
      c.setMultiAborted(true);
    }
  }

  private void reject(Client c, CommandSpec spec, String error) {
    c.reply().error(error);
    engine.stats().errorReplies++;
    if (spec != null) {
      engine.commandStats().of(spec.name()).rejectedCalls++;
    }
  }

  /**
   * Executes a resolved command with all bookkeeping. Also used by EXEC for each queued command.
   */
  public void call(Client c, CommandSpec spec, byte[][] argv) {
    CommandSpec outerSpec = currentSpec;
    byte[][] outerArgv = currentArgv;
    currentSpec = spec;
    currentArgv = argv;
    long dirtyBefore = engine.dirty();
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
    // Fed after execution, as Redis 7.0 does: monitors see the arguments a command redacted (AUTH
    // passwords), and administrative commands (CONFIG, DEBUG, CLIENT KILL, ...) are not shown.
    if (!spec.has(CommandFlag.SKIP_MONITOR)
        && !spec.has(CommandFlag.ADMIN)
        && engine.monitors().active()) {
      engine.monitors().feed(c, argv);
    }
    c.setLastCommand(spec.name());
    CommandStats.Entry stats = engine.commandStats().of(spec.name());
    stats.calls++;
    stats.micros += micros;
    if (failed) {
      stats.failedCalls++;
    }
    engine.stats().commandsProcessed++;
    if (!spec.has(CommandFlag.SKIP_SLOWLOG)
        && c.state() == ClientState.NORMAL
        && engine.config().slowlogLogSlowerThanMicros >= 0
        && micros >= engine.config().slowlogLogSlowerThanMicros) {
      engine
          .slowLog()
          .add(micros, argv, c.remoteAddress(), c.name(), engine.config().slowlogMaxLen);
    }
    List<byte[][]> rewritten = c.takePropagation();
    if (engine.dirty() != dirtyBefore || rewritten != null) {
      if (rewritten != null) {
        for (byte[][] r : rewritten) {
          engine.propagate(c.db().index(), r);
        }
      } else if (spec.isWrite()) {
        engine.propagate(c.db().index(), argv);
      }
    }
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
    c.channel()
        .eventLoop()
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
              c.flush();
            });
  }
}
