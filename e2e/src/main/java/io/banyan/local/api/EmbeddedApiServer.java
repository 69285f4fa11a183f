package io.banyan.local.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API for local mode and the end-to-end tests: fabric8's mock server in CRUD mode on
 * 127.0.0.1, with server-side apply emulated (see {@link ApiDispatcher}). It keeps objects in
 * memory only; it does not validate schemas nor collect garbage by owner references.
 *
 * <p>Request logging is off unless {@code -Dbanyan.api.log=true}. Thread-safe: the client it hands
 * out may be shared.
 */
public final class EmbeddedApiServer implements AutoCloseable {
  /** The mock server logs every request at INFO; held so the level setting is not collected. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final RequestLog requestLog;

  private EmbeddedApiServer(KubernetesMockServer server, RequestLog requestLog) {
    this.server = server;
    this.client = server.createClient();
    this.requestLog = requestLog;
  }

  /** Starts a server on a free port of 127.0.0.1. */
  public static EmbeddedApiServer start() {
    return start(0);
  }

  /** Starts a server on {@code port} of 127.0.0.1 (0: any free port). */
  public static EmbeddedApiServer start(int port) {
    if (!Boolean.getBoolean("banyan.api.log")) {
      MOCK_LOG.setLevel(Level.WARNING);
    }
    RequestLog log = new RequestLog(new ApiDispatcher());
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), log, false);
    try {
      server.init(InetAddress.getLoopbackAddress(), port);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start the embedded API server on port " + port, e);
    }
    return new EmbeddedApiServer(server, log);
  }

  /** Starts a server on a free port and creates the CRDs found in {@code crdFiles}. */
  public static EmbeddedApiServer startWithCrds(List<Path> crdFiles) {
    EmbeddedApiServer api = start();
    crdFiles.forEach(api::apply);
    return api;
  }

  /** A client of this server (shared; closed by {@link #close()}). */
  public KubernetesClient client() {
    return client;
  }

  /** Every request this server answered (the newest ones), for measuring API load. */
  public RequestLog requestLog() {
    return requestLog;
  }

  /**
   * A new client of this server that does not retry 429 and 5xx answers itself (fabric8 retries
   * them ten times with back-off by default, which turns a refused eviction into a 20 s wait), for
   * tools that handle refusals as kubectl does. The caller closes it.
   */
  public KubernetesClient clientWithoutRetries() {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(
            new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:41234/}. */
  public String url() {
    return client.getConfiguration().getMasterUrl();
  }

  public int port() {
    return server.getPort();
  }

  /** Creates (or replaces) every object of a YAML or JSON file, e.g. a CRD from {@code crds/}. */
  public List<HasMetadata> apply(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<HasMetadata> objects = client.load(in).items();
      return objects.stream()
          .map(o -> client.resource(o).createOr(existing -> existing.update()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
