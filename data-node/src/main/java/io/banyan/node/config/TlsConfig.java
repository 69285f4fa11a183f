package io.banyan.node.config;

/**
 * The TLS options (Redis 7.0's {@code tls-*} plus Banyan's provider and reload knobs), as typed
 * fields. Kept apart from {@link ServerConfig}'s hot-path fields: only the TLS package reads them,
 * when it builds its contexts (start-up, CONFIG SET, certificate reload) and when a connection
 * chooses whether to ask for a client certificate.
 */
public final class TlsConfig {
  /** Protocols used when {@code tls-protocols} is empty, as in Redis 7.0. */
  public static final String DEFAULT_PROTOCOLS = "TLSv1.2 TLSv1.3";

  /** tls-port: the TLS client port; 0 = no TLS listener. */
  public volatile int port;

  public volatile String certFile;
  public volatile String keyFile;
  public volatile String keyFilePass;
  public volatile String clientCertFile;
  public volatile String clientKeyFile;
  public volatile String clientKeyFilePass;
  public volatile String dhParamsFile;
  public volatile String caCertFile;
  public volatile String caCertDir;

  /** tls-auth-clients: "yes" (a certificate is required), "optional" or "no". */
  public volatile String authClients = "yes";

  /** tls-replication: a replica connects to its master with TLS. */
  public volatile boolean replication;

  /** tls-protocols: space-separated names; null = {@link #DEFAULT_PROTOCOLS}. */
  public volatile String protocols;

  /**
   * tls-ciphers (TLS 1.2 and older) and tls-ciphersuites (TLS 1.3), colon-separated; null =
   * default.
   */
  public volatile String ciphers;

  public volatile String ciphersuites;
  public volatile boolean preferServerCiphers;
  public volatile boolean sessionCaching = true;
  public volatile int sessionCacheSize = 20 * 1024;
  public volatile int sessionCacheTimeoutSeconds = 300;

  /** banyan-tls-provider: "auto" (OpenSSL when it loads, else the JDK), "openssl" or "jdk". */
  public volatile String provider = "auto";

  /** banyan-tls-reload-check-ms: how often the certificate files are checked; 0 = never. */
  public volatile int reloadCheckMs = 1000;

  /** Whether any TLS context is needed: a TLS listener, or replication over TLS. */
  public boolean enabled() {
    return port > 0 || replication;
  }
}
