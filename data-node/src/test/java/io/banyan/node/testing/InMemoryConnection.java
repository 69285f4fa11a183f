package io.banyan.node.testing;

import io.banyan.node.client.Connection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Connection} without a socket: what the node writes is collected in order and read back
 * by the test thread as a stream ({@link #replies}); run-later work goes to the engine's event
 * loop. The peer reads everything at once, so nothing is ever pending for the "socket"
 * (output-buffer limits belong to the TCP tests). Peers are on loopback, each with its own port, so
 * commands that are restricted to local clients (DEBUG with {@code enable-debug-command local})
 * behave as they do for the TCP tests' clients.
 */
public final class InMemoryConnection implements Connection {
  private static final AtomicInteger NEXT_PORT = new AtomicInteger(50_000);

  /** Marks the end of the reply stream: the node closed the connection. */
  private static final byte[] CLOSED = new byte[0];

  /** How long a test waits for a reply before failing (a reply that never comes is a bug). */
  private static final long REPLY_TIMEOUT_SECONDS = 10;

  private final EventLoop loop;
  private final SocketAddress remote =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), NEXT_PORT.getAndIncrement());
  private final SocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 6379);
  private final LinkedBlockingQueue<byte[]> written = new LinkedBlockingQueue<>();
  private final List<Runnable> closeActions = new ArrayList<>();
  private final InputStream replies = new WrittenBytes();
  private volatile boolean open = true;
  private boolean reading = true;
  private Runnable readingResumed = () -> {};

  public InMemoryConnection(EventLoop loop) {
    this.loop = loop;
  }

  /** The bytes the node wrote, in order; blocks until some arrive, -1 once it closed. */
  public InputStream replies() {
    return replies;
  }

  /** Whether requests may be taken now (the node may pause reading, as SHUTDOWN does). */
  boolean reading() {
    return reading;
  }

  /** What to run when reading resumes: requests received meanwhile are processed then. */
  void onReadingResumed(Runnable action) {
    this.readingResumed = action;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public SocketAddress localAddress() {
    return local;
  }

  @Override
  public ByteBufAllocator alloc() {
    return UnpooledByteBufAllocator.DEFAULT;
  }

  @Override
  public void write(ByteBuf bytes) {
    try {
      if (open && bytes.isReadable()) {
        byte[] copy = new byte[bytes.readableBytes()];
        bytes.readBytes(copy);
        written.add(copy);
      }
    } finally {
      bytes.release();
    }
  }

  @Override
  public void flush() {
    // Written bytes are readable at once.
  }

  @Override
  public long pendingOutboundBytes() {
    return 0;
  }

  @Override
  public long pendingOutboundBuffers() {
    return 0;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    written.add(CLOSED);
    // As a channel's close future: its listeners run in a later task on the command thread.
    for (Runnable action : closeActions) {
      loop.execute(action);
    }
    closeActions.clear();
  }

  /**
   * The peer closed its end and the node noticed (command thread): unlike a close by the node, the
   * disconnect is handled before any request sent after it, so tests need not wait for it.
   */
  void closedByPeer() {
    if (!open) {
      return;
    }
    open = false;
    written.add(CLOSED);
    closeActions.forEach(Runnable::run);
    closeActions.clear();
  }

  @Override
  public void closeAfterWrites() {
    close(); // every write is already with the peer
  }

  @Override
  public void onClose(Runnable action) {
    if (open) {
      closeActions.add(action);
    } else {
      loop.execute(action);
    }
  }

  @Override
  public void setReading(boolean reading) {
    boolean resumed = reading && !this.reading;
    this.reading = reading;
    if (resumed) {
      loop.execute(readingResumed);
    }
  }

  @Override
  public void execute(Runnable task) {
    loop.execute(task);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, long delayMs) {
    return loop.schedule(task, delayMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public String multiplexingApi() {
    return "in-process";
  }

  @Override
  public int fd() {
    return -1;
  }

  /** The written chunks as one blocking stream, for the test thread. */
  private final class WrittenBytes extends InputStream {
    private byte[] chunk = new byte[0];
    private int pos;

    @Override
    public int read() throws IOException {
      while (pos == chunk.length) {
        if (chunk == CLOSED) {
          return -1;
        }
        try {
          byte[] next = written.poll(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          if (next == null) {
            throw new IOException("no reply within " + REPLY_TIMEOUT_SECONDS + " s");
          }
          chunk = next;
          pos = 0;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for a reply", e);
        }
      }
      return chunk[pos++] & 0xFF;
    }

    @Override
    public int available() {
      return chunk.length - pos;
    }
  }
}
