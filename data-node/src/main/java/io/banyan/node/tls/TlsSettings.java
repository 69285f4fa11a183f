package io.banyan.node.tls;

import io.banyan.node.config.TlsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One consistent reading of the TLS options, from which one pair of contexts is built. A context
 * remembers the settings it was built from, so the certificate watcher re-reads exactly those files
 * and never sees a CONFIG SET half-way through.
 *
 * <p>As in Redis, the client side (replication) uses {@code tls-client-cert-file}/{@code
 * tls-client-key-file} when set and the server's certificate otherwise.
 */
record TlsSettings(
    String certFile,
    String keyFile,
    String keyFilePass,
    String clientCertFile,
    String clientKeyFile,
    String clientKeyFilePass,
    String dhParamsFile,
    String caCertFile,
    String caCertDir,
    List<String> protocols,
    List<String> ciphers,
    boolean preferServerCiphers,
    boolean sessionCaching,
    int sessionCacheSize,
    int sessionCacheTimeoutSeconds,
    String provider,
    boolean verifiesPeers) {

  static TlsSettings of(TlsConfig c) {
    List<String> ciphers = new ArrayList<>();
    ciphers.addAll(colonList(c.ciphers));
    ciphers.addAll(colonList(c.ciphersuites));
    String protocols = c.protocols == null ? TlsConfig.DEFAULT_PROTOCOLS : c.protocols;
    return new TlsSettings(
        c.certFile,
        c.keyFile,
        c.keyFilePass,
        c.clientCertFile,
        c.clientKeyFile,
        c.clientKeyFilePass,
        c.dhParamsFile,
        c.caCertFile,
        c.caCertDir,
        canonicalProtocols(protocols),
        List.copyOf(ciphers),
        c.preferServerCiphers,
        c.sessionCaching,
        c.sessionCacheSize,
        c.sessionCacheTimeoutSeconds,
        c.provider,
        // Only then is a CA needed: to check clients' certificates, or the master's.
        !"no".equals(c.authClients) || c.replication);
  }

  /** The certificate the client side presents: the client one when configured, as Redis. */
  String clientSideCertFile() {
    return clientCertFile != null ? clientCertFile : certFile;
  }

  String clientSideKeyFile() {
    return clientCertFile != null ? clientKeyFile : keyFile;
  }

  String clientSideKeyFilePass() {
    return clientCertFile != null ? clientKeyFilePass : keyFilePass;
  }

  /** Every file (and the CA directory) the contexts are made from: what a rotation changes. */
  List<Path> sources() {
    List<Path> paths = new ArrayList<>();
    for (String f :
        Arrays.asList(
            certFile,
            keyFile,
            clientCertFile,
            clientKeyFile,
            dhParamsFile,
            caCertFile,
            caCertDir)) {
      if (f != null) {
        paths.add(Path.of(f));
      }
    }
    return paths;
  }

  private static List<String> colonList(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(":")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** tls-protocols accepts any case (validated by the option); the providers want TLSv1.2. */
  private static List<String> canonicalProtocols(String value) {
    List<String> out = new ArrayList<>();
    for (String w : value.trim().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add("TLSv" + w.substring(4));
      }
    }
    return List.copyOf(out);
  }
}
