package io.banyan.node.persistence;

import io.banyan.node.persistence.rdb.RdbKey;
import io.banyan.node.persistence.rdb.RdbReader;
import io.banyan.node.persistence.rdb.RdbVisitor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Reads an RDB file on a helper thread and replays what it finds to a visitor on the calling
 * thread, in file order, in batches. Decoding (decompression, checksum, building values) then
 * overlaps with the caller's work of inserting the keys, which is what loading at start-up spends
 * its time on. A bounded queue keeps the read at most a few batches ahead.
 */
final class BackgroundRdbRead {
  private static final int BATCH = 1024;
  private static final int BATCHES_AHEAD = 16;

  private record Aux(byte[] name, byte[] value) {}

  private record SelectDb(int db) {}

  private record ResizeDb(long keys, long keysWithExpiry) {}

  private record EmptyKey(int db, byte[] key) {}

  private record Function(byte[] code) {}

  private record Done(RdbReader.Result result) {}

  private record Failed(Throwable error) {}

  private final BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
  private volatile boolean cancelled;

  private BackgroundRdbRead() {}

  /**
   * Reads {@code file}, calling {@code visitor} on this thread. An exception from the visitor stops
   * the read and is passed on; so is any failure of the read.
   */
  static RdbReader.Result read(Path file, boolean verifyChecksum, RdbVisitor visitor)
      throws IOException {
    BackgroundRdbRead read = new BackgroundRdbRead();
    Thread reader =
        new Thread(() -> read.produce(file, verifyChecksum), "rdb-load-" + file.getFileName());
    reader.setDaemon(true);
    reader.start();
    try {
      return read.consume(visitor);
    } catch (IOException | RuntimeException | Error e) {
      read.cancel(reader);
      throw e;
    }
  }

  /** On the helper thread: the file's contents, recorded in batches. */
  private void produce(Path file, boolean verifyChecksum) {
    Recorder recorder = new Recorder();
    Object last;
    try {
      RdbReader.Result result = RdbReader.read(file, verifyChecksum, recorder);
      last = new Done(result);
    } catch (CancellationException e) {
      return;
    } catch (Throwable e) {
      last = new Failed(e);
    }
    try {
      recorder.add(last);
      recorder.flush();
    } catch (CancellationException e) {
      // the consumer has stopped listening
    }
  }

  /** On the calling thread: replays the batches to the visitor until the end of the file. */
  private RdbReader.Result consume(RdbVisitor visitor) throws IOException {
    while (true) {
      List<Object> batch;
      try {
        batch = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while loading", e);
      }
      for (Object event : batch) {
        switch (event) {
          case RdbKey k -> visitor.key(k);
          case SelectDb s -> visitor.selectDb(s.db());
          case ResizeDb r -> visitor.resizeDb(r.keys(), r.keysWithExpiry());
          case Aux a -> visitor.aux(a.name(), a.value());
          case EmptyKey e -> visitor.emptyKeySkipped(e.db(), e.key());
          case Function f -> visitor.functionLibrary(f.code());
          case Done d -> {
            return d.result();
          }
          case Failed f -> throw rethrow(f.error());
          default -> throw new IllegalStateException("unexpected " + event);
        }
      }
    }
  }

  private static IOException rethrow(Throwable e) {
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

  /** Stops the helper thread: it gives up at its next key or its next wait for room. */
  private void cancel(Thread reader) {
    cancelled = true;
    queue.clear();
    try {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records the reader's calls into batches and hands full ones over. */
  private final class Recorder implements RdbVisitor {
    private List<Object> batch = new ArrayList<>(BATCH);

    void add(Object event) {
      if (cancelled) {
        throw new CancellationException();
      }
      batch.add(event);
      if (batch.size() == BATCH) {
        flush();
      }
    }

    void flush() {
      List<Object> full = batch;
      batch = new ArrayList<>(BATCH);
      try {
        while (!queue.offer(full, 100, TimeUnit.MILLISECONDS)) {
          if (cancelled) {
            throw new CancellationException();
          }
        }
      } catch (InterruptedException e) {
        throw new CancellationException();
      }
    }

    @Override
    public void aux(byte[] name, byte[] value) {
      add(new Aux(name, value));
    }

    @Override
    public void selectDb(int db) {
      add(new SelectDb(db));
    }

    @Override
    public void resizeDb(long keys, long keysWithExpiry) {
      add(new ResizeDb(keys, keysWithExpiry));
    }

    @Override
    public void key(RdbKey key) {
      add(key);
    }

    @Override
    public void emptyKeySkipped(int db, byte[] key) {
      add(new EmptyKey(db, key));
    }

    @Override
    public void functionLibrary(byte[] code) {
      add(new Function(code));
    }
  }
}
