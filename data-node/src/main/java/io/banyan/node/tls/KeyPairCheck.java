package io.banyan.node.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SSLException;

/**
 * Checks that a server context's key belongs to its certificate, by one TLS handshake in memory
 * with a client that trusts anything. Neither provider checks this when the context is built (the
 * key is used at the first handshake), and a rotation that replaced the certificate but not yet the
 * key would otherwise be installed and fail every new client.
 */
final class KeyPairCheck {
  private static final int MAX_FLIGHTS = 20;

  private KeyPairCheck() {}

  /**
   * @return null when the handshake succeeds, else why it failed
   */
  static String failure(SslContext server, SslProvider provider) {
    EmbeddedChannel serverSide = null;
    EmbeddedChannel clientSide = null;
    try {
      SslContext client =
          SslContextBuilder.forClient()
              .sslProvider(provider)
              .trustManager(InsecureTrustManagerFactory.INSTANCE)
              .endpointIdentificationAlgorithm(null)
              .build();
      SslHandler serverHandler = server.newHandler(ByteBufAllocator.DEFAULT);
      serverHandler.engine().setNeedClientAuth(false);
      SslHandler clientHandler = client.newHandler(ByteBufAllocator.DEFAULT);
      serverSide = new EmbeddedChannel(serverHandler);
      clientSide = new EmbeddedChannel(clientHandler);
      for (int i = 0; i < MAX_FLIGHTS && !bothDone(serverHandler, clientHandler); i++) {
        pump(clientSide, serverSide);
        pump(serverSide, clientSide);
      }
      if (!clientHandler.handshakeFuture().isSuccess()) {
        Throwable cause = clientHandler.handshakeFuture().cause();
        return cause == null ? "the test handshake did not finish" : String.valueOf(cause);
      }
      return null;
    } catch (SSLException | RuntimeException e) {
      return String.valueOf(e);
    } finally {
      if (serverSide != null) {
        serverSide.finishAndReleaseAll();
      }
      if (clientSide != null) {
        clientSide.finishAndReleaseAll();
      }
    }
  }

  private static boolean bothDone(SslHandler a, SslHandler b) {
    return a.handshakeFuture().isDone() && b.handshakeFuture().isDone();
  }

  private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
    for (Object msg = from.readOutbound(); msg != null; msg = from.readOutbound()) {
      to.writeInbound(msg);
    }
  }
}
