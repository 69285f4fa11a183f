package io.banyan.node.testing;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Engine;
import io.banyan.node.resp.ProtocolException;
import io.banyan.node.resp.RequestLimits;
import io.banyan.node.resp.RespDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A client of an {@link InProcessNode}: requests are RESP bytes decoded by the node's own {@link
 * RespDecoder} and run by the real dispatcher on the command thread, exactly as the server's
 * connection handler runs them (one request at a time, replies flushed after each batch, protocol
 * errors answered and then closed); replies are read back from an {@link InMemoryConnection} and
 * parsed as {@link RespClient} parses them.
 *
 * <p>Requests are handed to the command thread in the order they are sent, from any number of
 * clients, so "client A blocks, then client B pushes" needs no waiting.
 */
public final class InProcessClient implements AutoCloseable {
  private final Engine engine;
  private final InMemoryConnection connection;
  private final Client client;
  private final RespDecoder decoder;
  private final ByteBuf received = Unpooled.buffer();

  /** Command thread only (the node creates clients there). */
  InProcessClient(Engine engine) {
    this.engine = engine;
    this.connection = new InMemoryConnection(engine.eventLoop());
    this.client =
        new Client(engine.clients().nextId(), engine, connection, engine.keyspace().db(0));
    this.decoder = new RespDecoder(limits());
    engine.stats().connectionsReceived.increment();
    engine.clients().add(client);
    connection.onReadingResumed(this::process);
    connection.onClose(
        () -> {
          client.reply().discard();
          engine.clientDisconnected(client);
          received.release();
        });
  }

  /** Sends a command and reads its reply. */
  public Object call(Object... args) {
    send(args);
    return read();
  }

  /** Sends a command without reading its reply (pipelining, blocking commands). */
  public void send(Object... args) {
    sendRaw(RespClient.encode(args));
  }

  /** Sends bytes as they are (inline commands, malformed requests). */
  public void sendRaw(String request) {
    sendRaw(request.getBytes(StandardCharsets.UTF_8));
  }

  public void sendRaw(byte[] request) {
    engine.eventLoop().execute(() -> receive(request));
  }

  /** Reads the next reply, waiting for it (10 s at most). */
  public Object read() {
    return RespClient.readReply(connection.replies());
  }

  /** Whether the node closed the connection after everything read so far. */
  public boolean isClosedByServer() {
    try {
      return connection.replies().read() == -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The node's session state for this client; read it on the command thread. */
  public Client session() {
    return client;
  }

  /** Disconnects, as a peer closing its socket. */
  @Override
  public void close() {
    engine.eventLoop().execute(connection::closedByPeer);
  }

  private void receive(byte[] request) {
    if (!connection.isOpen()) {
      return;
    }
    received.writeBytes(request);
    process();
  }

  /** As the server's pipeline: decode one request, run it, then the next; flush at the end. */
  private void process() {
    if (!connection.isOpen()) {
      return;
    }
    try {
      byte[][] argv;
      while (connection.reading() && !client.closing() && (argv = decoder.next(received)) != null) {
        engine.dispatcher().dispatch(client, argv);
      }
    } catch (ProtocolException e) {
      if (e.silent()) {
        client.closeNow();
      } else {
        client.reply().error("ERR Protocol error: " + e.getMessage());
        client.closeAfterReply();
      }
      return;
    }
    received.discardReadBytes();
    client.flush();
  }

  private RequestLimits limits() {
    return new RequestLimits() {
      @Override
      public long maxBulkLength() {
        return engine.config().protoMaxBulkLen;
      }

      @Override
      public long maxQueryBuffer() {
        return engine.config().clientQueryBufferLimit;
      }

      @Override
      public boolean authenticated() {
        return client.authenticated();
      }
    };
  }
}
