package io.banyan.node.persistence;

import io.banyan.node.persistence.rdb.RdbKey;
import io.banyan.node.persistence.rdb.RdbReader;
import io.banyan.node.persistence.rdb.RdbVisitor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Reads an RDB file on a helper thread ({@link LoadPipe}) and replays what it finds to a visitor on
 * the consuming thread, in file order. Decoding then overlaps with the consumer's work of inserting
 * the keys, which is what loading spends its time on. Every {@value #PROGRESS_EVERY} keys the
 * reader also reports how many bytes it has read, for INFO's loading progress.
 */
public final class BackgroundRdbRead {
  private static final int PROGRESS_EVERY = 1024;

  private record Aux(byte[] name, byte[] value) {}

  private record SelectDb(int db) {}

  private record ResizeDb(long keys, long keysWithExpiry) {}

  private record EmptyKey(int db, byte[] key) {}

  private record Function(byte[] code) {}

  /** The file has been read up to this offset. */
  record Progress(long bytes) {}

  private BackgroundRdbRead() {}

  /**
   * Starts reading {@code file}; the pipe ends with {@link LoadPipe.End} carrying the {@link
   * RdbReader.Result}. A file that is not a regular file (a pipe) is read to its end marker.
   */
  static LoadPipe start(Path file, boolean verifyChecksum) {
    return LoadPipe.start(
        "rdb-load-" + file.getFileName(),
        pipe -> {
          long length = Files.isRegularFile(file) ? Files.size(file) : -1;
          try (InputStream s = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return readInto(pipe, new RdbReader(s, length, verifyChecksum));
          }
        });
  }

  /** On a pipe's reader thread: reads one RDB stream with {@code reader}, emitting its events. */
  public static RdbReader.Result readInto(LoadPipe pipe, RdbReader reader) throws IOException {
    return reader.read(new Recorder(pipe, reader));
  }

  /**
   * Reads {@code file}, calling {@code visitor} on this thread and waiting for the reader as
   * needed. An exception from the visitor stops the read and is passed on; so is any failure of the
   * read.
   */
  static RdbReader.Result read(Path file, boolean verifyChecksum, RdbVisitor visitor)
      throws IOException {
    LoadPipe pipe = start(file, verifyChecksum);
    try {
      while (true) {
        Object event = pipe.take();
        switch (event) {
          case LoadPipe.End end -> {
            return (RdbReader.Result) end.result();
          }
          case LoadPipe.Failed failed -> throw rethrow(failed.error());
          default -> replay(event, visitor, bytes -> {});
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pipe.cancel();
      throw new IOException("interrupted while loading", e);
    } catch (IOException | RuntimeException | Error e) {
      pipe.cancel();
      throw e;
    }
  }

  /** Hands one event of the pipe (other than its end) to the visitor, or progress to its sink. */
  public static void replay(Object event, RdbVisitor visitor, LongConsumer progress)
      throws IOException {
    switch (event) {
      case RdbKey k -> visitor.key(k);
      case Progress p -> progress.accept(p.bytes());
      case SelectDb s -> visitor.selectDb(s.db());
      case ResizeDb r -> visitor.resizeDb(r.keys(), r.keysWithExpiry());
      case Aux a -> visitor.aux(a.name(), a.value());
      case EmptyKey e -> visitor.emptyKeySkipped(e.db(), e.key());
      case Function f -> visitor.functionLibrary(f.code());
      default -> throw new IllegalStateException("unexpected " + event);
    }
  }

  /** The exception to throw for a reader failure: IO errors as they are, others unchanged. */
  static IOException rethrow(Throwable e) {
    if (e instanceof IOException io) {
      return io;
    }
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new IOException(e);
  }

  /** Records the reader's calls as events. */
  private static final class Recorder implements RdbVisitor {
    private final LoadPipe pipe;
    private final RdbReader reader;
    private long keys;

    Recorder(LoadPipe pipe, RdbReader reader) {
      this.pipe = pipe;
      this.reader = reader;
    }

    @Override
    public void aux(byte[] name, byte[] value) {
      pipe.emit(new Aux(name, value));
    }

    @Override
    public void selectDb(int db) {
      pipe.emit(new SelectDb(db));
    }

    @Override
    public void resizeDb(long keys, long keysWithExpiry) {
      pipe.emit(new ResizeDb(keys, keysWithExpiry));
    }

    @Override
    public void key(RdbKey key) {
      pipe.emit(key);
      if (++keys % PROGRESS_EVERY == 0) {
        pipe.emit(new Progress(reader.offset()));
      }
    }

    @Override
    public void emptyKeySkipped(int db, byte[] key) {
      pipe.emit(new EmptyKey(db, key));
    }

    @Override
    public void functionLibrary(byte[] code) {
      pipe.emit(new Function(code));
    }
  }
}
