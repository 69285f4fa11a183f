package io.banyan.node.persistence.aof;

import io.banyan.node.persistence.BackgroundRdbRead;
import io.banyan.node.persistence.LoadPipe;
import io.banyan.node.persistence.PersistenceException;
import io.banyan.node.persistence.rdb.RdbFormatException;
import io.banyan.node.persistence.rdb.RdbReader;
import io.banyan.node.store.Bytes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The reading half of AOF loading, on a helper thread: walks the manifest's files in load order and
 * emits, for each, its start, the keys of its RDB preamble (as {@link BackgroundRdbRead} events),
 * its commands, and how it ends — complete, or torn (the last command incomplete, or a MULTI whose
 * EXEC never reached the file). {@link AofLoader} applies the events on the command thread and
 * decides what a torn file means. Bytes that are not a command fail the read, naming file and
 * offset.
 */
final class AofReadAhead {
  private static final byte[] RDB_MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

  /** A file begins; {@code before} is the size of the files loaded before it. */
  record FileStart(AofManifest.FileInfo file, long size, long before, boolean preamble) {}

  /** The RDB preamble ends at {@code offset}; commands may follow. */
  record PreambleEnd(long offset) {}

  /** One command, ending at {@code endOffset} in its file. */
  record Command(byte[][] argv, long endOffset) {}

  /** The file was read to its end. */
  record FileEnd(long size) {}

  /**
   * The file ends early: everything before {@code cut} is whole. {@code openMulti} when the cut is
   * the start of a MULTI that never reached its EXEC.
   */
  record Torn(long cut, boolean openMulti) {}

  private final Path dir;
  private final boolean verifyChecksum;

  AofReadAhead(Path dir, boolean verifyChecksum) {
    this.dir = dir;
    this.verifyChecksum = verifyChecksum;
  }

  /** Starts reading the files on a helper thread. */
  LoadPipe start(List<AofManifest.FileInfo> files) {
    return LoadPipe.start(
        "aof-load",
        pipe -> {
          long before = 0;
          for (AofManifest.FileInfo f : files) {
            before += readFile(pipe, f, before);
          }
          return before;
        });
  }

  /** Emits one file's events; returns its size. */
  private long readFile(LoadPipe pipe, AofManifest.FileInfo f, long before) {
    Path path = dir.resolve(f.name());
    if (!Files.isRegularFile(path)) {
      throw new PersistenceException(
          "The AOF file "
              + f.name()
              + " listed in the manifest does not exist in "
              + dir
              + "; refusing to start with part of the data");
    }
    try {
      long size = Files.size(path);
      boolean preamble = size > 0 && startsWithRdbMagic(path);
      pipe.emit(new FileStart(f, size, before, preamble));
      if (size == 0) {
        pipe.emit(new FileEnd(0));
        return 0;
      }
      long commandsStart = preamble ? readPreamble(pipe, path, f.name()) : 0;
      if (commandsStart >= size) {
        pipe.emit(new FileEnd(size));
      } else {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
          in.skipNBytes(commandsStart);
          readCommands(pipe, in, f.name(), commandsStart, size);
        }
      }
      return size;
    } catch (IOException e) {
      throw new PersistenceException(
          "Error reading the append only file " + f.name() + ": " + e, e);
    }
  }

  /** Emits the keys of the file's RDB preamble; returns the offset where its commands start. */
  private long readPreamble(LoadPipe pipe, Path path, String name) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      RdbReader.Result r =
          BackgroundRdbRead.readInto(pipe, new RdbReader(in, Files.size(path), verifyChecksum));
      pipe.emit(new PreambleEnd(r.bytes()));
      return r.bytes();
    } catch (RdbFormatException e) {
      throw new PersistenceException(
          "Bad file format reading the RDB preamble of the append only file "
              + name
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static void readCommands(
      LoadPipe pipe, InputStream in, String name, long commandsStart, long size)
      throws IOException {
    AofCommandReader reader = new AofCommandReader(in, name, commandsStart, size);
    boolean inMulti = false;
    long multiStart = -1;
    try {
      byte[][] argv;
      while ((argv = reader.next()) != null) {
        if (Bytes.is(argv[0], "multi") && !inMulti) {
          inMulti = true;
          multiStart = reader.lastCommandStart();
        } else if (Bytes.is(argv[0], "exec") || Bytes.is(argv[0], "discard")) {
          inMulti = false;
        }
        pipe.emit(new Command(argv, reader.validUpTo()));
      }
      // A transaction whose EXEC never reached the file never ran: it is dropped, as Redis does.
      pipe.emit(inMulti ? new Torn(multiStart, true) : new FileEnd(size));
    } catch (AofCommandReader.Truncated t) {
      pipe.emit(new Torn(inMulti ? multiStart : t.validUpTo, false));
    } catch (AofFormatException e) {
      throw new PersistenceException(
          e.getMessage()
              + ". Make a backup of the AOF directory, then repair or remove the damaged part.",
          e);
    }
  }

  private static boolean startsWithRdbMagic(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return Arrays.equals(in.readNBytes(RDB_MAGIC.length), RDB_MAGIC);
    }
  }
}
