package io.banyan.node.persistence.aof;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.engine.Engine;
import io.banyan.node.log.ServerLog;
import io.banyan.node.persistence.BackgroundRdbRead;
import io.banyan.node.persistence.LoadPipe;
import io.banyan.node.persistence.PersistenceException;
import io.banyan.node.persistence.RdbLoader;
import io.banyan.node.persistence.SlicedLoad;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Keyspace;
import io.banyan.node.transport.NettyConnection;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Rebuilds the dataset from the files of a manifest: the base (an RDB preamble, possibly followed
 * by commands, or commands only), then each incremental file, in order. {@link AofReadAhead} reads
 * the files on a helper thread; this class applies what it read on the command thread, in slices
 * ({@link SlicedLoad}) so the node keeps answering while it loads. Commands run through the normal
 * command table on a client without a connection: replies go nowhere, and nothing is appended back
 * to the AOF (the AOF is not open yet while loading). As in Redis, keys do not expire while
 * loading.
 *
 * <p>A last file that ends inside a command (a torn write at a crash) is cut back to its last
 * complete command when {@code aof-load-truncated} is on, with a warning naming file and offset;
 * otherwise, or in any other file, loading fails. So does any byte sequence that is not a command.
 */
final class AofLoader {
  private final Engine engine;
  private final ServerLog log;
  private final Path dir;
  private final boolean loadTruncated;
  private final Keyspace keyspace;
  private final boolean wasFollower;
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final Client client;
  private List<AofManifest.FileInfo> files;
  private long commands;
  private long loadStart;
  private long total;
  private int fileIndex = -1;
  private AofReadAhead.FileStart file;
  private long fileStartNanos;
  private RdbLoader.KeyLoader preamble;

  AofLoader(Engine engine, Path dir) {
    this.engine = engine;
    this.log = engine.log();
    this.dir = dir;
    this.loadTruncated = engine.config().aofLoadTruncated;
    this.keyspace = engine.keyspace();
    this.wasFollower = keyspace.isExpiryFollower();
    this.client = new Client(-1, engine, new NettyConnection(channel), keyspace.db(0));
    client.runAsSuperuser(); // the AOF replays what was already allowed
    client.setRepliesOff(true);
  }

  /**
   * Starts loading every file of the manifest, on the command thread. The load's future completes
   * with the total size of the files after loading (a truncated file counts as cut), or fails with
   * a {@link PersistenceException} naming the file and offset when the AOF cannot be loaded.
   */
  CompletableFuture<Long> start(AofManifest manifest, SlicedLoad slicing) {
    loadStart = System.nanoTime();
    files = manifest.loadOrder();
    keyspace.setLoading(true);
    // Commands given an expiry that has already passed keep the key, as on a replica.
    keyspace.setExpiryFollower(true);
    LoadPipe pipe = new AofReadAhead(dir, engine.config().rdbChecksum).start(files);
    return slicing
        .start(pipe, this::apply)
        .handle(
            (size, error) -> {
              finish(error == null);
              if (error != null) {
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
              }
              return total;
            });
  }

  private void finish(boolean ok) {
    keyspace.setLoading(false);
    keyspace.setExpiryFollower(wasFollower);
    client.reply().discard();
    channel.finishAndReleaseAll();
    if (ok) {
      log.notice("DB loaded from append only file: " + seconds(loadStart) + " seconds");
    }
  }

  private void apply(Object event) throws IOException {
    switch (event) {
      case AofReadAhead.Command c -> {
        execute(c.argv(), c.endOffset());
        engine.loading().progress(file.before() + c.endOffset());
      }
      case AofReadAhead.FileStart f -> {
        fileIndex++;
        file = f;
        fileStartNanos = System.nanoTime();
        if (f.preamble()) {
          log.notice("Reading RDB base file on AOF loading...");
          // Expired keys stay (later commands may refer to them); a key repeated later replaces.
          preamble = RdbLoader.keyLoader(engine, dir.resolve(f.file().name()), false, true);
        }
      }
      case AofReadAhead.PreambleEnd p -> {
        log.notice("Done loading the RDB preamble, keys loaded: " + preamble.loaded() + ".");
        preamble = null;
        if (p.offset() < file.size()) {
          log.notice("Reading the remaining AOF tail...");
        }
      }
      case AofReadAhead.FileEnd end -> fileLoaded(end.size());
      case AofReadAhead.Torn torn -> {
        if (torn.openMulti()) {
          log.warning("Revert incomplete MULTI/EXEC transaction in AOF file " + name());
        }
        if (client.inMulti()) {
          client.queued().clear();
          client.setInMulti(false);
        }
        fileLoaded(truncated(dir.resolve(name()), name(), isLast(), torn.cut()));
      }
      default ->
          BackgroundRdbRead.replay(
              event, preamble, bytes -> engine.loading().progress(file.before() + bytes));
    }
  }

  private void fileLoaded(long size) {
    total += size;
    engine.loading().progress(file.before() + size);
    String kind = file.file().type() == AofManifest.Type.BASE ? "base" : "incr";
    log.notice(
        "DB loaded from " + kind + " file " + name() + ": " + seconds(fileStartNanos) + " seconds");
  }

  /** The total size of the files after loading; valid once the load is done. */
  long totalSize() {
    return total;
  }

  private String name() {
    return file.file().name();
  }

  private boolean isLast() {
    return fileIndex == files.size() - 1;
  }

  private long truncated(Path path, String name, boolean last, long validUpTo) throws IOException {
    if (!last) {
      throw new PersistenceException(
          "Unexpected end of the append only file "
              + name
              + " at offset "
              + validUpTo
              + ": only the last file of the AOF may be incomplete, so this one is damaged."
              + " Make a backup of the AOF directory, then repair it.");
    }
    if (!loadTruncated) {
      throw new PersistenceException(
          "Unexpected end of the append only file "
              + name
              + ": its last command is incomplete after offset "
              + validUpTo
              + ". Either set aof-load-truncated yes to drop that command and start, or make a"
              + " backup of the AOF directory and cut the file at offset "
              + validUpTo
              + ".");
    }
    log.warning("!!! Warning: short read while loading the AOF file " + name + "!!!");
    log.warning("!!! Truncating the AOF " + name + " at offset " + validUpTo + " !!!");
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      ch.truncate(validUpTo);
      ch.force(true);
    }
    log.warning("AOF " + name + " loaded anyway because aof-load-truncated is enabled");
    return validUpTo;
  }

  private void execute(byte[][] argv, long endOffset) {
    String name = name();
    CommandSpec spec;
    try {
      spec = engine.dispatcher().resolve(argv);
    } catch (CommandException e) {
      String message =
          e.getMessage().startsWith("ERR unknown command")
              ? "Unknown command '" + Bytes.str(argv[0]) + "'"
              : e.getMessage().substring(4);
      throw new PersistenceException(
          message
              + " reading the append only file "
              + name
              + " (the command ending at offset "
              + endOffset
              + ")");
    }
    commands++;
    try {
      if (client.inMulti() && !isTransactionControl(spec)) {
        client.queued().add(new Client.QueuedCommand(spec, argv));
      } else {
        spec.handler().execute(client, argv);
      }
    } catch (CommandException e) {
      // The command failed when it first ran too (an AOF only holds what was executed); its
      // error reply went to the client then and goes nowhere now, as in Redis.
    }
    client.takePropagation();
  }

  private static boolean isTransactionControl(CommandSpec spec) {
    return switch (spec.name()) {
      case "exec", "discard", "multi" -> true;
      default -> false;
    };
  }

  long commandsExecuted() {
    return commands;
  }

  private static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.3f", (System.nanoTime() - startNanos) / 1e9);
  }
}
