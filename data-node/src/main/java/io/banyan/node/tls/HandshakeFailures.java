package io.banyan.node.tls;

import io.banyan.node.log.ServerLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;

/**
 * Logs failed TLS handshakes, one line each with the client's address and the reason, and closes
 * the connection. Rate-limited — at most {@link #LINES_PER_WINDOW} lines per {@link #WINDOW_MS} —
 * so a flood of bad handshakes cannot fill the log; the lines left out are counted in the next line
 * written. A connection closed before it sent anything (a TCP probe) is logged at verbose.
 *
 * <p>Also recognises a TLS client on the plain port (its first bytes are a TLS handshake record),
 * which would otherwise get a confusing protocol error.
 */
public final class HandshakeFailures {
  static final long WINDOW_MS = 10_000;
  static final int LINES_PER_WINDOW = 10;

  private final ServerLog log;
  private long windowStart;
  private int linesInWindow;
  private long suppressed;

  HandshakeFailures(ServerLog log) {
    this.log = log;
  }

  /**
   * Puts an accepted connection's TLS handler in the pipeline, with what reports its failure: a
   * marker before it (did the client send anything at all?) and the watcher after it (the
   * handshake's outcome is an event the TLS handler passes on).
   */
  public void install(ChannelPipeline pipeline, SslHandler tls) {
    Watcher watcher = new Watcher();
    pipeline
        .addLast("tls-first-bytes", watcher.firstBytes)
        .addLast("tls", tls)
        .addLast("tls-handshake", watcher);
  }

  /** A handler for the plain port: closes a connection whose first bytes are a TLS handshake. */
  public ChannelHandler newPlainPortProbe() {
    return new PlainPortProbe();
  }

  synchronized void report(SocketAddress client, String reason, boolean probeLike) {
    if (probeLike) {
      log.verbose("TLS handshake with " + client + " not completed: " + reason);
      return;
    }
    long now = System.currentTimeMillis();
    if (now - windowStart >= WINDOW_MS) {
      windowStart = now;
      linesInWindow = 0;
    }
    if (linesInWindow >= LINES_PER_WINDOW) {
      suppressed++;
      return;
    }
    linesInWindow++;
    String more =
        suppressed == 0 ? "" : " (" + suppressed + " more failed handshakes were not logged)";
    suppressed = 0;
    log.notice("TLS handshake with " + client + " failed: " + reason + more);
  }

  /** Why a handshake failed, in a sentence a person reading the log can act on. */
  static String reason(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof NotSslRecordException) {
        return "the client did not speak TLS (plaintext sent to the TLS port?)";
      }
      if (t instanceof SslHandshakeTimeoutException) {
        return "not completed within " + TlsContexts.HANDSHAKE_TIMEOUT_MS + " ms";
      }
      if (t instanceof CertificateExpiredException) {
        return "the client certificate has expired (" + t.getMessage() + ")";
      }
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof CertPathBuilderException
          || String.valueOf(t.getMessage()).contains("certification path")) {
        return "the client certificate is not signed by a trusted CA (tls-ca-cert-file/-dir)";
      }
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    if (message.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE")
        || message.contains("Empty client certificate chain")
        || message.contains("Empty server certificate chain")) {
      return "the client sent no certificate and tls-auth-clients requires one (" + message + ")";
    }
    if (message.contains("PKIX") || message.contains("CERTIFICATE_VERIFY_FAILED")) {
      return "the client certificate is not signed by a trusted CA (" + message + ")";
    }
    return message;
  }

  private static boolean closedByPeer(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  private final class Watcher extends ChannelInboundHandlerAdapter {
    private boolean receivedBytes;

    final ChannelHandler firstBytes =
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            receivedBytes = true;
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
          }
        };

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent done) {
        if (done.isSuccess()) {
          ctx.pipeline().remove(this);
        } else {
          report(
              ctx.channel().remoteAddress(),
              reason(done.cause()),
              closedByPeer(done.cause()) && !receivedBytes);
          ctx.close();
        }
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // Before the handshake completes, every error is the handshake's: reported by the event.
      ctx.close();
    }
  }

  private final class PlainPortProbe extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.pipeline().remove(this);
      if (msg instanceof ByteBuf b && looksLikeTlsHandshake(b)) {
        ReferenceCountUtil.release(msg);
        report(
            ctx.channel().remoteAddress(),
            "the client started a TLS handshake on the plain port (use the tls-port)",
            false);
        ctx.close();
        return;
      }
      ctx.fireChannelRead(msg);
    }

    /** A TLS record of type handshake (22) with a 3.x protocol version. */
    private static boolean looksLikeTlsHandshake(ByteBuf b) {
      int i = b.readerIndex();
      return b.readableBytes() >= 3 && b.getByte(i) == 0x16 && b.getByte(i + 1) == 0x03;
    }
  }
}
