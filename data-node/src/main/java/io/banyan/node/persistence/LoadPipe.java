package io.banyan.node.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands what a reader thread decodes from a data file to the command thread, in batches through a
 * bounded queue (at most a few batches ahead), so that file reads, decompression, checksums and
 * building values overlap with the command thread's work of inserting keys or running commands.
 *
 * <p>The reader thread calls {@link #emit}; whatever it throws reaches the consumer as {@link
 * Failed}, and a normal end as {@link End}. The consumer either polls without waiting and asks to
 * be woken when more arrives ({@link #poll}, {@link #whenAvailable}: start-up loading, which must
 * not block the command thread), or blocks ({@link #take}: DEBUG RELOAD, which blocks by
 * definition).
 */
public final class LoadPipe {
  private static final int BATCH = 1024;
  private static final int BATCHES_AHEAD = 16;

  /** The reader's work; runs on its own thread. */
  @FunctionalInterface
  public interface Reader {
    /** Emits the file's events; returns the value {@link End} carries. */
    Object read(LoadPipe pipe) throws Exception;
  }

  /** The reader finished; {@code result} is what it returned. */
  public record End(Object result) {}

  /** The reader failed. */
  public record Failed(Throwable error) {}

  private final BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
  private final AtomicReference<Runnable> wakeUp = new AtomicReference<>();
  private volatile boolean cancelled;

  /** Reader thread only. */
  private List<Object> filling = new ArrayList<>(BATCH);

  /** Consumer only. */
  private List<Object> draining = List.of();

  private int next;

  private LoadPipe() {}

  /** Starts {@code reader} on a new daemon thread and returns the pipe it fills. */
  public static LoadPipe start(String threadName, Reader reader) {
    LoadPipe pipe = new LoadPipe();
    Thread t = new Thread(() -> pipe.run(reader), threadName);
    t.setDaemon(true);
    t.start();
    return pipe;
  }

  private void run(Reader reader) {
    Object last;
    try {
      last = new End(reader.read(this));
    } catch (CancellationException e) {
      return;
    } catch (Throwable e) {
      last = new Failed(e);
    }
    try {
      filling.add(last);
      flush();
    } catch (CancellationException e) {
      // the consumer stopped listening
    }
  }

  /**
   * Reader thread: adds an event.
   *
   * @throws CancellationException when the consumer has given up, to stop the reader
   */
  public void emit(Object event) {
    if (cancelled) {
      throw new CancellationException();
    }
    filling.add(event);
    if (filling.size() == BATCH) {
      flush();
    }
  }

  private void flush() {
    List<Object> full = filling;
    filling = new ArrayList<>(BATCH);
    try {
      while (!queue.offer(full, 100, TimeUnit.MILLISECONDS)) {
        if (cancelled) {
          throw new CancellationException();
        }
      }
    } catch (InterruptedException e) {
      throw new CancellationException();
    }
    Runnable waiting = wakeUp.getAndSet(null);
    if (waiting != null) {
      waiting.run();
    }
  }

  /** Consumer: the next event, or null when the reader has not delivered it yet. */
  public Object poll() {
    while (next == draining.size()) {
      List<Object> batch = queue.poll();
      if (batch == null) {
        return null;
      }
      draining = batch;
      next = 0;
    }
    return draining.get(next++);
  }

  /** Consumer: the next event, waiting for it. */
  public Object take() throws InterruptedException {
    while (next == draining.size()) {
      draining = queue.take();
      next = 0;
    }
    return draining.get(next++);
  }

  /**
   * Consumer, after {@link #poll} returned null: runs {@code action} once, on the reader's thread,
   * when the next batch arrives — or at once on this thread if it arrived meanwhile.
   */
  public void whenAvailable(Runnable action) {
    wakeUp.set(action);
    if (!queue.isEmpty() && wakeUp.compareAndSet(action, null)) {
      action.run();
    }
  }

  /** Consumer: stops the reader at its next event or its next wait for room. */
  public void cancel() {
    cancelled = true;
    wakeUp.set(null);
    queue.clear();
  }
}
