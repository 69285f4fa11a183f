package io.banyan.node.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.util.concurrent.ScheduledFuture;

/**
 * What a {@link Client} needs from the transport that carries it: its addresses, a way to send
 * reply bytes and to learn how many are still queued, closing, pausing input, and running work
 * later on the command thread. The session state stays in {@code Client}; keeping the transport
 * behind this interface lets a command run in-process against a buffer (tests) as well as over a
 * socket ({@code transport.NettyConnection}).
 *
 * <p>Every method is called on the command thread.
 */
public interface Connection {
  /** The peer's address; not necessarily an {@code InetSocketAddress} (null when there is none). */
  SocketAddress remoteAddress();

  /** This end's address (null when there is none). */
  SocketAddress localAddress();

  /** Where reply buffers come from. */
  ByteBufAllocator alloc();

  /** Queues bytes for the peer, taking ownership of the buffer; {@link #flush} sends them. */
  void write(ByteBuf bytes);

  /** Sends what {@link #write} queued. */
  void flush();

  /** Queues and sends at once. */
  default void writeAndFlush(ByteBuf bytes) {
    write(bytes);
    flush();
  }

  /** Bytes written and not yet taken by the peer's socket (part of CLIENT LIST's omem). */
  long pendingOutboundBytes();

  /** Buffers written and not yet taken by the peer's socket (CLIENT LIST's oll). */
  long pendingOutboundBuffers();

  /** Whether the connection is still up: writes may reach the peer. */
  boolean isOpen();

  /** Closes at once; queued bytes not yet sent are dropped. */
  void close();

  /** Closes once what is queued has been sent. */
  void closeAfterWrites();

  /** Runs {@code action} on the command thread once the connection is closed (by either side). */
  void onClose(Runnable action);

  /** Stops or resumes reading requests from the peer (shutdown, CLIENT PAUSE-like holds). */
  void setReading(boolean reading);

  /** Runs {@code task} on the command thread after the current task. */
  void execute(Runnable task);

  /**
   * Runs {@code task} on the command thread after {@code delayMs}; cancel it through the result.
   */
  ScheduledFuture<?> schedule(Runnable task, long delayMs);

  /**
   * INFO server's multiplexing_api for this connection's transport ({@code epoll}, {@code nio}).
   */
  String multiplexingApi();

  /** The socket's file descriptor for CLIENT LIST, or -1 when there is none. */
  int fd();
}
