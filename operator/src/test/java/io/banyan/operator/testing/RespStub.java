package io.banyan.operator.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A tiny RESP endpoint for tests that need a data node's answers without a data node: it reads the
 * multi-bulk commands the operator sends and writes whatever raw reply the test's {@link Session}
 * gives. One session per connection, so per-connection state (AUTH) lives in the session.
 */
public final class RespStub implements AutoCloseable {
  /** Answers one connection's commands, in order. */
  @FunctionalInterface
  public interface Session {
    /** The raw RESP reply to {@code command} (its name and arguments). */
    String answer(List<String> command);
  }

  private final ServerSocket server;
  private final Supplier<Session> sessions;

  private RespStub(ServerSocket server, Supplier<Session> sessions) {
    this.server = server;
    this.sessions = sessions;
  }

  /** Listens on {@code address:port} (0: any free port) until closed. */
  public static RespStub start(InetAddress address, int port, Supplier<Session> sessions)
      throws IOException {
    RespStub stub = new RespStub(new ServerSocket(port, 16, address), sessions);
    Thread.ofVirtual().start(stub::accept);
    return stub;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** A bulk-string reply. */
  public static String bulk(String text) {
    return "$" + text.getBytes(StandardCharsets.UTF_8).length + "\r\n" + text + "\r\n";
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Session session = sessions.get();
        Thread.ofVirtual().start(() -> serve(s, session));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void serve(Socket socket, Session session) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream out = socket.getOutputStream();
      List<String> command;
      while ((command = read(in)) != null) {
        out.write(session.answer(command).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // the client closed the connection
    }
  }

  private static List<String> read(BufferedReader in) throws IOException {
    String header = in.readLine();
    if (header == null) {
      return null;
    }
    int n = Integer.parseInt(header.substring(1));
    List<String> args = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      in.readLine(); // $length
      args.add(in.readLine());
    }
    return args;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
