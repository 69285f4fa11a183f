package io.banyan.local.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stands in for one Service's virtual IP, as kube-proxy implements it: a loopback listener that
 * splices each new TCP connection to one ready backend (round-robin). A change of the backends
 * (labels changed, pod unready, pod deleted) affects new connections only: established ones keep
 * going to the pod they were opened to — kube-proxy rewrites the rules for new flows and conntrack
 * keeps the old ones — until one side closes. So a client stays connected to a demoted master or a
 * Terminating pod until that pod's process closes the connection or dies (its sockets then close).
 * With no backend a connection is reset at once (kube-proxy rejects it).
 *
 * <p>Threading: one virtual thread accepts, two per connection copy bytes; {@link #setBackends} may
 * be called from any thread.
 */
final class ServiceForwarder implements Closeable {
  private static final Logger LOG = Logger.getLogger(ServiceForwarder.class.getName());
  private final String name;
  private final ServerSocket listener;
  private final AtomicInteger next = new AtomicInteger();
  private final Map<String, Set<Socket>> connectionsByPod = new ConcurrentHashMap<>();
  private volatile List<Backend> backends = List.of();

  ServiceForwarder(String name, InetSocketAddress address) throws IOException {
    this.name = name;
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(address);
    Thread.ofVirtual().name("forward-" + name).start(this::acceptLoop);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  List<Backend> backends() {
    return backends;
  }

  /** Replaces the backends for new connections; established ones are left alone. */
  void setBackends(List<Backend> updated) {
    backends = List.copyOf(updated);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Thread.ofVirtual().start(() -> connect(client));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.log(Level.FINE, name + ": accept failed", e);
        }
      }
    }
  }

  private void connect(Socket client) {
    List<Backend> current = backends;
    if (current.isEmpty()) {
      reset(client); // like kube-proxy's REJECT of a Service without endpoints
      return;
    }
    Backend backend = current.get(Math.floorMod(next.getAndIncrement(), current.size()));
    Socket upstream = new Socket();
    try {
      upstream.connect(new InetSocketAddress(backend.host(), backend.port()), 2000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    Set<Socket> tracked =
        connectionsByPod.computeIfAbsent(backend.pod(), k -> ConcurrentHashMap.newKeySet());
    tracked.add(client);
    tracked.add(upstream);
    Thread.ofVirtual().start(() -> pump(client, upstream, tracked));
    pump(upstream, client, tracked);
  }

  /** Copies one direction until either side ends, then closes both sides. */
  private static void pump(Socket from, Socket to, Set<Socket> tracked) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // closed by the other direction or by a backend change
    } catch (IOException e) {
      LOG.log(Level.FINE, "forwarding ended", e);
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      tracked.remove(from);
      tracked.remove(to);
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0); // close with RST, not FIN
    } catch (IOException ignored) {
      // closing it is all that is left
    }
    closeQuietly(s);
  }

  private static void closeAll(Set<Socket> sockets) {
    if (sockets != null) {
      sockets.forEach(ServiceForwarder::closeQuietly);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing left to do with it
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    connectionsByPod.values().forEach(ServiceForwarder::closeAll);
  }
}
