package io.banyan.node.persistence.aof;

import io.banyan.node.client.Client;
import io.banyan.node.command.CommandException;
import io.banyan.node.command.CommandSpec;
import io.banyan.node.engine.Engine;
import io.banyan.node.log.ServerLog;
import io.banyan.node.persistence.PersistenceException;
import io.banyan.node.persistence.RdbLoader;
import io.banyan.node.persistence.rdb.RdbFormatException;
import io.banyan.node.persistence.rdb.RdbReader;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Keyspace;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Rebuilds the dataset from the files of a manifest: the base (an RDB preamble, possibly followed
 * by commands, or commands only), then each incremental file, in order. Commands run through the
 * normal command table on a client without a connection: replies go nowhere, and nothing is
 * appended back to the AOF (the AOF is not open yet while loading). As in Redis, keys do not expire
 * while loading.
 *
 * <p>A last file that ends inside a command (a torn write at a crash) is cut back to its last
 * complete command when {@code aof-load-truncated} is on, with a warning naming file and offset;
 * otherwise, or in any other file, loading fails. So does any byte sequence that is not a command.
 *
 * <p>Runs on the command thread before clients are accepted.
 */
final class AofLoader {
  private static final byte[] RDB_MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

  private final Engine engine;
  private final ServerLog log;
  private final Path dir;
  private final boolean loadTruncated;
  private Client client;
  private long commands;

  AofLoader(Engine engine, Path dir) {
    this.engine = engine;
    this.log = engine.log();
    this.dir = dir;
    this.loadTruncated = engine.config().aofLoadTruncated;
  }

  /**
   * Loads every file of the manifest.
   *
   * @return the total size of the files after loading (a truncated file counts as cut)
   * @throws PersistenceException naming the file and offset when the AOF cannot be loaded
   */
  long load(AofManifest manifest) {
    long start = System.nanoTime();
    Keyspace keyspace = engine.keyspace();
    boolean wasFollower = keyspace.isExpiryFollower();
    keyspace.setLoading(true);
    // Commands given an expiry that has already passed keep the key, as on a replica.
    keyspace.setExpiryFollower(true);
    EmbeddedChannel channel = new EmbeddedChannel();
    client = new Client(-1, engine, channel, keyspace.db(0));
    client.setAuthenticated(true, "default");
    client.setRepliesOff(true);
    long total = 0;
    try {
      List<AofManifest.FileInfo> files = manifest.loadOrder();
      for (int i = 0; i < files.size(); i++) {
        AofManifest.FileInfo f = files.get(i);
        total += loadFile(f, i == files.size() - 1);
      }
    } finally {
      keyspace.setLoading(false);
      keyspace.setExpiryFollower(wasFollower);
      client.reply().discard();
      channel.finishAndReleaseAll();
    }
    log.notice("DB loaded from append only file: " + seconds(start) + " seconds");
    return total;
  }

  private long loadFile(AofManifest.FileInfo f, boolean last) {
    long start = System.nanoTime();
    Path path = dir.resolve(f.name());
    if (!Files.isRegularFile(path)) {
      throw new PersistenceException(
          "The AOF file "
              + f.name()
              + " listed in the manifest does not exist in "
              + dir
              + "; refusing to start with part of the data");
    }
    long size;
    try {
      size = Files.size(path);
      if (size > 0) {
        size = replay(path, f.name(), size, last);
      }
    } catch (IOException e) {
      throw new PersistenceException(
          "Error reading the append only file " + f.name() + ": " + e, e);
    }
    String kind = f.type() == AofManifest.Type.BASE ? "base" : "incr";
    log.notice("DB loaded from " + kind + " file " + f.name() + ": " + seconds(start) + " seconds");
    return size;
  }

  /** Replays one file; returns its size after a possible truncation. */
  private long replay(Path path, String name, long size, boolean last) throws IOException {
    long commandsStart = 0;
    if (startsWithRdbMagic(path)) {
      log.notice("Reading RDB base file on AOF loading...");
      // Expired keys stay (later commands may refer to them); a key repeated later replaces.
      RdbLoader.KeyLoader preamble = RdbLoader.keyLoader(engine, path, false, true);
      try {
        RdbReader.Result r = RdbReader.read(path, engine.config().rdbChecksum, preamble);
        commandsStart = r.bytes();
      } catch (RdbFormatException e) {
        throw new PersistenceException(
            "Bad file format reading the RDB preamble of the append only file "
                + name
                + ": "
                + e.getMessage(),
            e);
      }
      log.notice("Done loading the RDB preamble, keys loaded: " + preamble.loaded() + ".");
    }
    if (commandsStart >= size) {
      return size;
    }
    if (commandsStart > 0) {
      log.notice("Reading the remaining AOF tail...");
    }
    try (InputStream in = Files.newInputStream(path)) {
      in.skipNBytes(commandsStart);
      AofCommandReader reader = new AofCommandReader(in, name, commandsStart, size);
      long multiStart = -1;
      try {
        byte[][] argv;
        while ((argv = reader.next()) != null) {
          long at = reader.validUpTo();
          if (Bytes.is(argv[0], "multi") && !client.inMulti()) {
            multiStart = reader.lastCommandStart();
          }
          execute(argv, name, at);
        }
        if (client.inMulti()) {
          // A transaction whose EXEC never reached the file never ran: drop it, as Redis does.
          log.warning("Revert incomplete MULTI/EXEC transaction in AOF file " + name);
          client.queued().clear();
          client.setInMulti(false);
          throw new AofCommandReader.Truncated(multiStart);
        }
        return size;
      } catch (AofCommandReader.Truncated t) {
        if (client.inMulti()) {
          client.queued().clear();
          client.setInMulti(false);
          return truncated(path, name, last, multiStart);
        }
        return truncated(path, name, last, t.validUpTo);
      } catch (AofFormatException e) {
        throw new PersistenceException(
            e.getMessage()
                + ". Make a backup of the AOF directory, then repair or remove the damaged part.",
            e);
      }
    }
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

  private void execute(byte[][] argv, String name, long endOffset) {
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

  private static boolean startsWithRdbMagic(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] head = in.readNBytes(RDB_MAGIC.length);
      return java.util.Arrays.equals(head, RDB_MAGIC);
    }
  }

  private static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.3f", (System.nanoTime() - startNanos) / 1e9);
  }
}
