package io.banyan.local.proxy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Local stand-ins for Services: for every Service with a selector that is not headless, a listener
 * on a fixed loopback port that forwards to the ready pods the Service selects (see {@link
 * ServiceForwarder}). The write endpoint thus keeps its address across failovers, as a Service's
 * cluster IP does.
 *
 * <p>Ports: names given to {@link #reserve} get {@code basePort + their index}, in that order
 * (local mode reserves {@code <c>-rw}, {@code <c>-ro}, then {@code <c>-ro-<zone>} by zone name);
 * other Services get the next free port after those. Services are looked up by name: local mode
 * runs one namespace.
 *
 * <p>Threading: API events are handled on one thread; the queries are thread-safe.
 */
public final class ServiceForwarders implements AutoCloseable {
  /** The first port local mode's forwarders use by default. */
  public static final int DEFAULT_BASE_PORT = 7000;

  private static final Logger LOG = Logger.getLogger(ServiceForwarders.class.getName());
  private final KubernetesClient client;
  private final String host;
  private final int basePort;
  private final Map<String, Integer> ports = new HashMap<>();
  private final Map<String, ServiceForwarder> forwarders = new TreeMap<>();
  private final ExecutorService events =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("service-forwarders").unstarted(r));
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<Pod> pods;

  /**
   * @param host the loopback address to listen on, e.g. {@code 127.0.0.1}
   * @param basePort the first port to use
   */
  public ServiceForwarders(KubernetesClient client, String host, int basePort) {
    this.client = client;
    this.host = host;
    this.basePort = basePort;
  }

  /** Fixes the ports of these Service names ({@code basePort + index}); call before start. */
  public synchronized ServiceForwarders reserve(List<String> serviceNames) {
    for (String name : serviceNames) {
      if (!ports.containsKey(name)) {
        ports.put(name, basePort + ports.size());
      }
    }
    return this;
  }

  /** Starts watching Services and Pods of every namespace. */
  public ServiceForwarders start() {
    ResourceEventHandler<Object> any =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Object o) {
            refreshLater();
          }

          @Override
          public void onUpdate(Object a, Object b) {
            refreshLater();
          }

          @Override
          public void onDelete(Object o, boolean unknown) {
            refreshLater();
          }
        };
    services = client.services().inAnyNamespace().inform(cast(any));
    pods = client.pods().inAnyNamespace().inform(cast(any));
    refreshLater();
    return this;
  }

  /** The address a Service is reachable at locally, once it exists. */
  public synchronized Optional<InetSocketAddress> address(String serviceName) {
    return Optional.ofNullable(forwarders.get(serviceName)).map(ServiceForwarder::address);
  }

  /** The address a Service will have (reserved or already assigned), without waiting for it. */
  public synchronized Optional<InetSocketAddress> plannedAddress(String serviceName) {
    return Optional.ofNullable(ports.get(serviceName)).map(p -> new InetSocketAddress(host, p));
  }

  /** Service name → local address, for every forwarded Service. */
  public synchronized Map<String, InetSocketAddress> endpoints() {
    Map<String, InetSocketAddress> all = new TreeMap<>();
    forwarders.forEach((name, f) -> all.put(name, f.address()));
    return all;
  }

  /** The pods ({@code namespace/name}) a Service currently forwards to. */
  public synchronized List<String> backends(String serviceName) {
    ServiceForwarder f = forwarders.get(serviceName);
    return f == null ? List.of() : f.backends().stream().map(Backend::pod).toList();
  }

  private void refreshLater() {
    events.execute(
        () -> {
          try {
            refresh();
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot update service forwarders", e);
          }
        });
  }

  private synchronized void refresh() {
    if (services == null || pods == null) {
      return;
    }
    List<Pod> allPods = pods.getStore().list();
    Map<String, Service> wanted = new TreeMap<>();
    for (Service s : services.getStore().list()) {
      if (ServiceEndpoints.forwarded(s)) {
        wanted.put(s.getMetadata().getName(), s);
      }
    }
    for (var it = forwarders.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!wanted.containsKey(e.getKey())) {
        closeQuietly(e.getValue());
        it.remove();
      }
    }
    for (Service s : wanted.values()) {
      String name = s.getMetadata().getName();
      ServiceForwarder f = forwarders.get(name);
      if (f == null) {
        f = open(name);
        forwarders.put(name, f);
      }
      f.setBackends(ServiceEndpoints.of(s, allPods));
    }
  }

  private ServiceForwarder open(String name) {
    int port =
        ports.computeIfAbsent(
            name,
            n ->
                ports.values().stream().mapToInt(Integer::intValue).max().orElse(basePort - 1) + 1);
    try {
      return new ServiceForwarder(name, new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port + " for " + name, e);
    }
  }

  @Override
  public void close() {
    if (services != null) {
      services.close();
    }
    if (pods != null) {
      pods.close();
    }
    events.shutdownNow();
    try {
      events.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      forwarders.values().forEach(ServiceForwarders::closeQuietly);
      forwarders.clear();
    }
  }

  private static void closeQuietly(ServiceForwarder f) {
    try {
      f.close();
    } catch (IOException ignored) {
      // closing a listener has nothing useful to report
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
    return (ResourceEventHandler) handler;
  }
}
