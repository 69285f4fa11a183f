package io.banyan.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock API server in CRUD mode (objects are stored, listed, watched and patched as a real
 * API server would), with a client for it; optionally with the committed StoreCluster CRD.
 */
public final class MockApi implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockApi(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** A server on any free local port. */
  public static MockApi start() {
    KubernetesMockServer server = crudServer();
    server.init();
    return new MockApi(server);
  }

  /** A server on {@code address} (a free port), e.g. one a container can reach. */
  public static MockApi startOn(InetAddress address) {
    KubernetesMockServer server = crudServer();
    server.init(address, 0);
    return new MockApi(server);
  }

  private static KubernetesMockServer crudServer() {
    return new KubernetesMockServer(
        new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  }

  /** Creates the committed {@code crds/storeclusters.banyan.io-v1.yml}; returns this. */
  public MockApi withStoreClusterCrd() {
    try (InputStream crd =
        Files.newInputStream(Repo.root().resolve("crds/storeclusters.banyan.io-v1.yml"))) {
      client
          .resource(
              client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
          .create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The server's port on its address. */
  public int port() {
    return server.getPort();
  }

  /**
   * The requests sent with {@code userAgent} since the last call, as {@code METHOD path}, in order
   * (the server keeps a log of every request; this drains it).
   */
  public List<String> requestsFrom(String userAgent) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (userAgent.equals(r.getHeader("User-Agent"))) {
        seen.add(r.getMethod() + " " + r.getPath());
      }
    }
    return seen;
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
