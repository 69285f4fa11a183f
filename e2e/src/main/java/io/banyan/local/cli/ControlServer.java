package io.banyan.local.cli;

import io.banyan.local.LocalCluster;
import io.banyan.local.ops.ClusterApply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code up}'s control socket on a loopback port: one request line per connection ({@code
 * status-json}, {@code status-table}, {@code kill NODE}, {@code freeze NODE}, {@code thaw NODE},
 * {@code stop-zone ZONE}, {@code start-zone ZONE}, {@code partition TARGET}, {@code heal [TARGET]},
 * {@code apply BASE64-DOCUMENT}, ...); the reply is {@code OK} or {@code ERR <message>} on the
 * first line, then the result. Faults go through the same {@link LocalCluster} calls the end-to-end
 * tests make.
 */
final class ControlServer implements AutoCloseable {
  private final LocalCluster cluster;
  private final ServerSocket listener;

  ControlServer(LocalCluster cluster) throws IOException {
    this.cluster = cluster;
    this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("control").start(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        // closed: up is ending
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        var in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream()) {
      String line = in.readLine();
      String reply;
      try {
        reply = "OK\n" + execute(line == null ? "" : line.trim());
      } catch (RuntimeException e) {
        reply = "ERR " + e.getMessage() + "\n";
      }
      out.write(reply.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the client went away; nothing to tell it
    }
  }

  private String execute(String request) {
    String[] words = request.split(" ", 2);
    String arg = words.length > 1 ? words[1] : "";
    return switch (words[0]) {
      case "status-json" -> StatusView.json(cluster) + "\n";
      case "status-table" -> StatusView.table(cluster);
      case "kill" ->
          "killed " + arg + " (pid " + cluster.kill(arg) + "); the kubelet restarts it\n";
      case "freeze" -> {
        cluster.freeze(arg);
        yield "froze " + arg + " (SIGSTOP)\n";
      }
      case "thaw" -> {
        cluster.thaw(arg);
        yield "thawed " + arg + " (SIGCONT)\n";
      }
      case "stop-zone" -> {
        cluster.stopZone(arg);
        yield "zone " + arg + " stopped\n";
      }
      case "start-zone" -> {
        cluster.startZone(arg);
        yield "zone " + arg + " started\n";
      }
      case "partition" -> {
        var ips = cluster.partition(arg);
        yield "partitioned "
            + arg
            + " "
            + ips
            + ": packets between these addresses and all others are dropped\n";
      }
      case "heal" -> {
        if (arg.isEmpty()) {
          cluster.healAll();
          yield "healed every partition\n";
        }
        if (!cluster.heal(arg)) {
          throw new IllegalArgumentException(
              "no partition '" + arg + "'; partitions: " + cluster.partitions().keySet());
        }
        yield "healed " + arg + "\n";
      }
      case "nodes" -> ClusterViews.nodesTable(cluster);
      case "evict" -> {
        var e = cluster.evict(arg);
        if (!e.evicted()) {
          throw new IllegalStateException(
              "cannot evict " + arg + " (" + e.code() + "): " + e.message());
        }
        String pod = arg.startsWith(cluster.name() + "-") ? arg : cluster.name() + "-" + arg;
        yield "pod/" + pod + " evicted (deleted gracefully)\n";
      }
      case "cordon", "uncordon" -> {
        boolean on = words[0].equals("cordon");
        yield "node/" + arg + (cluster.cordon(arg, on) ? " " : " already ") + words[0] + "ed\n";
      }
      case "drain" -> drain(arg);
      case "apply" ->
          ClusterApply.apply(
                  cluster.client(),
                  cluster.namespace(),
                  cluster.name(),
                  new String(Base64.getDecoder().decode(arg), StandardCharsets.UTF_8))
              + "\n";
      default -> throw new IllegalArgumentException("unknown control request '" + request + "'");
    };
  }

  /** {@code drain NODE SECONDS [force]}: kubectl drain's lines, or an error after them. */
  private String drain(String arg) {
    String[] a = arg.split(" ");
    StringBuilder lines = new StringBuilder();
    try {
      cluster.drain(
          a[0],
          java.time.Duration.ofSeconds(Long.parseLong(a[1])),
          a.length > 2 && a[2].equals("force"),
          l -> lines.append(l).append('\n'));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted; so far:\n" + lines, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(e.getMessage() + "; so far:\n" + lines, e);
    }
    return lines.toString();
  }

  /** Sends one request to a running {@code up}; returns the result or throws with its error. */
  static String request(int port, String request, java.time.Duration timeout) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout((int) timeout.toMillis());
      s.getOutputStream().write((request + "\n").getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (reply.startsWith("OK\n")) {
        return reply.substring(3);
      }
      throw new IllegalStateException(reply.startsWith("ERR ") ? reply.substring(4).trim() : reply);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
