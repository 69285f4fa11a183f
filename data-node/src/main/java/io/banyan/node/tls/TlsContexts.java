package io.banyan.node.tls;

import io.banyan.node.config.TlsConfig;
import io.banyan.node.log.ServerLog;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The node's TLS contexts: the server side (the {@code tls-port} listener) and the client side (a
 * replica's link to its master with {@code tls-replication yes}), built together from one reading
 * of the options, as Redis does.
 *
 * <p>Each new connection takes the contexts current at its accept (or connect); replacing them —
 * CONFIG SET of a {@code tls-*} option, or a certificate file rotated on disk ({@link
 * CertificateWatcher}) — affects new handshakes only: an established connection keeps the engine it
 * was made with. A replacement that cannot be built changes nothing.
 *
 * <p>Threads: connections read {@link #current} (volatile) on the event loop; rebuilds happen on
 * the command thread (CONFIG SET) or the watcher's thread, serialised by this object's lock.
 */
public final class TlsContexts {
  /** How long an accepted connection has to finish its handshake before it is closed. */
  static final long HANDSHAKE_TIMEOUT_MS = 10_000;

  /** One built pair, with what it was built from (the watcher compares against it). */
  record Built(
      TlsSettings settings,
      String fingerprint,
      SslContext server,
      SslContext client,
      SslProvider provider) {}

  private final TlsConfig config;
  private final ServerLog log;
  private final HandshakeFailures failures;
  private volatile Built current;
  private CertificateWatcher watcher;

  private TlsContexts(TlsConfig config, ServerLog log) {
    this.config = config;
    this.log = log;
    this.failures = new HandshakeFailures(log);
  }

  /**
   * Builds the contexts when the configuration needs them (a {@code tls-port}, or {@code
   * tls-replication yes}); otherwise TLS stays off until CONFIG SET turns replication TLS on.
   *
   * @throws TlsSetupException naming the option and file at fault
   */
  public static TlsContexts fromConfig(TlsConfig config, ServerLog log) {
    TlsContexts contexts = new TlsContexts(config, log);
    if (config.enabled()) {
      contexts.current = contexts.build(TlsSettings.of(config));
      log.notice("TLS: " + contexts.providerName() + " provider");
    }
    return contexts;
  }

  /** Whether contexts exist (TLS is configured). */
  public boolean enabled() {
    return current != null;
  }

  /** "OpenSSL" (BoringSSL through netty-tcnative) or "JDK": what the current contexts use. */
  public String providerName() {
    Built b = current;
    if (b == null) {
      return "none";
    }
    return b.provider() == SslProvider.OPENSSL ? "OpenSSL" : "JDK";
  }

  /** The rate-limited log of failed handshakes, shared by the listeners. */
  public HandshakeFailures failures() {
    return failures;
  }

  /**
   * A server-side handler for a connection accepted on the TLS port, asking for a client
   * certificate as {@code tls-auth-clients} says now (read per connection, as Redis).
   */
  public SslHandler newServerHandler(ByteBufAllocator alloc) {
    Built b = current;
    SslHandler handler = b.server().newHandler(alloc);
    SSLEngine engine = handler.engine();
    switch (config.authClients) {
      case "yes" -> engine.setNeedClientAuth(true);
      case "optional" -> engine.setWantClientAuth(true);
      default -> engine.setNeedClientAuth(false);
    }
    if (b.settings().preferServerCiphers()) {
      SSLParameters p = engine.getSSLParameters();
      p.setUseCipherSuitesOrder(true);
      engine.setSSLParameters(p);
    }
    handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
    return handler;
  }

  /**
   * A client-side handler for the replica's link to its master, or null when {@code
   * tls-replication} is off. Like Redis, the master's certificate chain is checked against the
   * configured CA but not its host name.
   */
  public SslHandler newReplicationHandler(ByteBufAllocator alloc, String host, int port) {
    Built b = current;
    if (!config.replication || b == null) {
      return null;
    }
    SslHandler handler = b.client().newHandler(alloc, host, port);
    handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
    return handler;
  }

  /**
   * Rebuilds from the options as they are now: the CONFIG SET hook of every {@code tls-*} option.
   * Turning TLS off (no tls-port, no tls-replication) keeps the old contexts: nothing uses them.
   *
   * @throws TlsSetupException when the new contexts cannot be built; the old ones stay
   */
  public synchronized void rebuildFromConfig() {
    if (!config.enabled()) {
      return;
    }
    long start = System.nanoTime();
    current = build(TlsSettings.of(config));
    log.notice(
        "TLS configuration applied ("
            + providerName()
            + " provider, built in "
            + (System.nanoTime() - start) / 1_000_000
            + " ms)");
  }

  /**
   * Rebuilds from the same settings because their files changed on disk; called by the watcher with
   * the contexts it compared against. Skipped when CONFIG SET replaced them meanwhile.
   *
   * @return whether the new contexts are in place
   */
  synchronized boolean reloadFiles(Built seen) {
    if (current != seen) {
      return false;
    }
    try {
      current = build(seen.settings());
      log.notice(
          "TLS certificates reloaded from "
              + seen.settings().sources()
              + ": new connections use them, established ones keep theirs");
      return true;
    } catch (RuntimeException e) { // TlsSetupException, or anything unforeseen: keep serving
      log.warning(
          "TLS certificate reload failed, the previous certificates stay: " + e.getMessage());
      return false;
    }
  }

  Built current() {
    return current;
  }

  /** Starts checking the certificate files every {@code banyan-tls-reload-check-ms}. */
  public synchronized void startWatching() {
    if (watcher == null) {
      watcher = new CertificateWatcher(this, config);
      watcher.start();
    }
  }

  public synchronized void close() {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
  }

  // ---- building --------------------------------------------------------------------------------

  private Built build(TlsSettings s) {
    require(s.certFile(), "tls-cert-file");
    require(s.keyFile(), "tls-key-file");
    if (s.caCertFile() == null && s.caCertDir() == null && s.verifiesPeers()) {
      // As Redis 7.0: a node that checks no certificate (tls-auth-clients no, no TLS replication)
      // may serve TLS without a CA.
      throw new TlsSetupException(
          "tls-ca-cert-file or tls-ca-cert-dir must be set when tls-auth-clients or"
              + " tls-replication is on (the CA client and master certificates are checked"
              + " against)");
    }
    if (s.clientCertFile() != null) {
      require(s.clientKeyFile(), "tls-client-key-file");
    }
    // The fingerprint is taken before the files are read: a change during the build is seen as a
    // difference at the next check, and built then.
    String fingerprint = Fingerprint.of(s.sources());
    List<java.security.cert.X509Certificate> cas = CaCertificates.load(s);
    if (s.dhParamsFile() != null) {
      checkDhParams(s.dhParamsFile());
    }
    SslProvider provider = provider(s.provider());
    SslContext server =
        buildSide(
            () ->
                SslContextBuilder.forServer(
                    readable(s.certFile(), "tls-cert-file"),
                    readable(s.keyFile(), "tls-key-file"),
                    s.keyFilePass()),
            "tls-cert-file",
            "tls-key-file",
            s,
            cas,
            provider);
    SslContext client =
        buildSide(
            () ->
                SslContextBuilder.forClient()
                    .keyManager(
                        readable(s.clientSideCertFile(), clientOption(s, "cert")),
                        readable(s.clientSideKeyFile(), clientOption(s, "key")),
                        s.clientSideKeyFilePass())
                    // Redis checks the master's chain, not its name: replicas often connect by IP.
                    .endpointIdentificationAlgorithm(null),
            clientOption(s, "cert"),
            clientOption(s, "key"),
            s,
            cas,
            provider);
    String mismatch = KeyPairCheck.failure(server, provider);
    if (mismatch != null) {
      throw new TlsSetupException(
          "tls-key-file "
              + s.keyFile()
              + " does not go with tls-cert-file "
              + s.certFile()
              + " (a test handshake failed: "
              + mismatch
              + ")");
    }
    if (!s.sessionCaching() && server.sessionContext() instanceof OpenSslSessionContext o) {
      o.setSessionCacheEnabled(false);
    }
    return new Built(s, fingerprint, server, client, provider);
  }

  private static String clientOption(TlsSettings s, String what) {
    return (s.clientCertFile() != null ? "tls-client-" : "tls-") + what + "-file";
  }

  private static SslContext buildSide(
      Supplier<SslContextBuilder> side,
      String certOption,
      String keyOption,
      TlsSettings s,
      List<java.security.cert.X509Certificate> cas,
      SslProvider provider) {
    try {
      // The key and certificate are parsed when the builder is made: inside the try, so that a
      // bad file is reported as such.
      SslContextBuilder b = side.get();
      b.sslProvider(provider)
          .protocols(s.protocols())
          .sessionCacheSize(s.sessionCacheSize())
          .sessionTimeout(s.sessionCacheTimeoutSeconds());
      if (!cas.isEmpty()) {
        b.trustManager(cas);
      }
      if (!s.ciphers().isEmpty()) {
        b.ciphers(s.ciphers());
      }
      return b.build();
    } catch (IllegalArgumentException | SSLException e) {
      throw new TlsSetupException(explain(e, certOption, keyOption, s), e);
    }
  }

  /** Netty's messages name the file; this adds the option, and a hint for the likely mistake. */
  private static String explain(Exception e, String certOption, String keyOption, TlsSettings s) {
    String m = String.valueOf(e.getMessage());
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String detail =
        root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    if (m.contains("private key")) {
      return keyOption
          + ": cannot load the private key — not a PEM private key (PKCS#8, or PKCS#1/SEC1 as cert-manager writes by default), or the "
          + keyOption
          + "-pass is wrong: "
          + m
          + detail;
    }
    if (m.contains("certificates")) {
      return certOption + ": cannot load the certificate chain: " + m + detail;
    }
    if (m.contains("cipher")) {
      return "tls-ciphers/tls-ciphersuites " + s.ciphers() + ": " + m;
    }
    if (m.contains("protocol")) {
      return "tls-protocols " + s.protocols() + ": " + m;
    }
    return "TLS setup failed: " + m + detail;
  }

  private static void require(String value, String option) {
    if (value == null) {
      throw new TlsSetupException("TLS is configured but " + option + " is not set");
    }
  }

  static File readable(String path, String option) {
    Path p = Path.of(path);
    if (!Files.isReadable(p)) {
      throw new TlsSetupException(
          option
              + " "
              + path
              + ": cannot read the file ("
              + (Files.exists(p) ? "no permission" : "no such file")
              + ")");
    }
    return p.toFile();
  }

  /**
   * Neither BoringSSL nor the JDK takes custom DH parameters (both offer ECDHE); the file is still
   * checked so that a wrong path fails here as it would in Redis.
   */
  private static void checkDhParams(String path) {
    try {
      String text = Files.readString(readable(path, "tls-dh-params-file").toPath());
      if (!text.contains("BEGIN DH PARAMETERS")) {
        throw new TlsSetupException(
            "tls-dh-params-file " + path + ": not a PEM file of DH parameters");
      }
    } catch (IOException e) {
      throw new TlsSetupException("tls-dh-params-file " + path + ": " + e.getMessage(), e);
    }
  }

  private static SslProvider provider(String name) {
    return switch (name) {
      case "jdk" -> SslProvider.JDK;
      case "openssl" -> {
        if (!OpenSsl.isAvailable()) {
          throw new TlsSetupException(
              "banyan-tls-provider openssl: OpenSSL (netty-tcnative) cannot be loaded: "
                  + OpenSsl.unavailabilityCause());
        }
        yield SslProvider.OPENSSL;
      }
      default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    };
  }
}
