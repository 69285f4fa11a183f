package io.banyan.node.transport;

import io.banyan.node.client.Connection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.UnixChannel;
import java.net.SocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Connection} over a Netty channel: client sockets (the server's), the replica side's link
 * to its master, and channel-less clients (AOF loading, INFO samples) on an {@code
 * EmbeddedChannel}. Its own package below {@code server} and {@code replication}, which both create
 * them, so neither has to import the other.
 */
public final class NettyConnection implements Connection {
  private final Channel channel;

  public NettyConnection(Channel channel) {
    this.channel = channel;
  }

  @Override
  public SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  @Override
  public SocketAddress localAddress() {
    return channel.localAddress();
  }

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  @Override
  public void write(ByteBuf bytes) {
    channel.write(bytes, channel.voidPromise());
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public void writeAndFlush(ByteBuf bytes) {
    channel.writeAndFlush(bytes, channel.voidPromise());
  }

  @Override
  public long pendingOutboundBytes() {
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    return out == null ? 0 : out.totalPendingWriteBytes();
  }

  @Override
  public long pendingOutboundBuffers() {
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    return out == null ? 0 : out.size();
  }

  /** Netty's "active": connected, so that writes may still reach the peer. */
  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void close() {
    channel.close();
  }

  @Override
  public void closeAfterWrites() {
    // An empty write completes after everything queued before it: close then.
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void onClose(Runnable action) {
    channel.closeFuture().addListener(f -> action.run());
  }

  @Override
  public void setReading(boolean reading) {
    channel.config().setAutoRead(reading);
  }

  @Override
  public void execute(Runnable task) {
    channel.eventLoop().execute(task);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, long delayMs) {
    return channel.eventLoop().schedule(task, delayMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public String multiplexingApi() {
    return channel.getClass().getSimpleName().startsWith("Epoll") ? "epoll" : "nio";
  }

  @Override
  public int fd() {
    return channel instanceof UnixChannel u ? u.fd().intValue() : -1;
  }
}
