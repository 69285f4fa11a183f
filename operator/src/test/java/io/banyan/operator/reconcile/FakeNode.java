package io.banyan.operator.reconcile;

import io.banyan.operator.node.NodeConnector;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in data node for tests against the mock API server: a RESP endpoint on a loopback address
 * and the data node's port (run inside the isolated network namespace) that answers INFO
 * replication as a master and takes BANYAN PROMOTE/ADMIT/FENCE, CONFIG SET and REPLICAOF with +OK,
 * counting the INFO probes it receives.
 */
final class FakeNode implements AutoCloseable {
  private final ServerSocket server;
  final AtomicInteger probes = new AtomicInteger();
  private volatile long epoch;
  private volatile boolean fenced = true;

  FakeNode(String ip) throws IOException {
    server = new ServerSocket(NodeConnector.PORT, 16, InetAddress.getByName(ip));
    Thread.ofVirtual().start(this::serve);
  }

  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> session(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void session(Socket socket) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream out = socket.getOutputStream();
      List<String> command;
      while ((command = read(in)) != null) {
        String reply = "+OK\r\n";
        String name = command.get(0).toUpperCase();
        if (name.equals("INFO")) {
          probes.incrementAndGet();
          String info =
              "# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_replid:"
                  + "0123456789012345678901234567890123456789\r\nmaster_repl_offset:0\r\n"
                  + "banyan_fenced:"
                  + (fenced ? 1 : 0)
                  + "\r\nbanyan_epoch:"
                  + epoch
                  + "\r\n";
          reply = "$" + info.length() + "\r\n" + info + "\r\n";
        } else if (name.equals("BANYAN") && command.size() == 3) {
          String sub = command.get(1).toUpperCase();
          epoch = Math.max(epoch, Long.parseLong(command.get(2)));
          fenced = sub.equals("FENCE");
        }
        out.write(reply.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // the operator closed the connection
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
      in.readLine();
      args.add(in.readLine());
    }
    return args;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
