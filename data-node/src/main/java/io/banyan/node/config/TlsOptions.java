package io.banyan.node.config;

import static io.banyan.node.config.OptionTable.INT_MAX;
import static io.banyan.node.config.OptionTable.integer;
import static io.banyan.node.config.OptionTable.nullableString;
import static io.banyan.node.config.OptionTable.oneOf;

import io.banyan.node.config.ConfigOption.Flag;
import io.banyan.node.config.ScalarTypes.StringType;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Redis 7.0's TLS options, with its names, defaults and mutability: every one but {@code tls-port}
 * can be changed with CONFIG SET, which rebuilds the TLS contexts (a hook the server installs) and
 * is refused, keeping the old contexts, when the new ones cannot be built. The file options are
 * {@link Flag#VOLATILE}: setting one to the path it already has reloads the file, which is how
 * Redis users pick up a renewed certificate. {@code tls-cluster} is kept for configuration files
 * written for Redis; a standalone node has no cluster bus.
 */
final class TlsOptions {
  private TlsOptions() {}

  static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  static void define(OptionTable t) {
    // Immutable like port and bind here (Redis 7.0 can rebind at run time; compatibility.md).
    t.intField("tls-port", integer(0, 65535), 0, c -> c.tls.port, (c, v) -> c.tls.port = v)
        .immutable();
    file(t, "tls-cert-file", c -> c.tls.certFile, (c, v) -> c.tls.certFile = v);
    file(t, "tls-key-file", c -> c.tls.keyFile, (c, v) -> c.tls.keyFile = v);
    secret(t, "tls-key-file-pass", c -> c.tls.keyFilePass, (c, v) -> c.tls.keyFilePass = v);
    file(t, "tls-client-cert-file", c -> c.tls.clientCertFile, (c, v) -> c.tls.clientCertFile = v);
    file(t, "tls-client-key-file", c -> c.tls.clientKeyFile, (c, v) -> c.tls.clientKeyFile = v);
    secret(
        t,
        "tls-client-key-file-pass",
        c -> c.tls.clientKeyFilePass,
        (c, v) -> c.tls.clientKeyFilePass = v);
    file(t, "tls-dh-params-file", c -> c.tls.dhParamsFile, (c, v) -> c.tls.dhParamsFile = v);
    file(t, "tls-ca-cert-file", c -> c.tls.caCertFile, (c, v) -> c.tls.caCertFile = v);
    file(t, "tls-ca-cert-dir", c -> c.tls.caCertDir, (c, v) -> c.tls.caCertDir = v);
    // Read at each accepted connection: no context to rebuild.
    t.field(
        "tls-auth-clients",
        oneOf("no", "yes", "optional"),
        "yes",
        c -> c.tls.authClients,
        (c, v) -> c.tls.authClients = v);
    t.bool("tls-replication", false, c -> c.tls.replication, (c, v) -> c.tls.replication = v);
    t.storedBool("tls-cluster", false).noEffect();
    t.field(
            "tls-protocols",
            new StringType(true, TlsOptions::checkProtocols),
            null,
            c -> c.tls.protocols,
            (c, v) -> c.tls.protocols = v)
        .flag(Flag.VOLATILE);
    t.field("tls-ciphers", nullableString(), null, c -> c.tls.ciphers, (c, v) -> c.tls.ciphers = v)
        .flag(Flag.VOLATILE);
    t.field(
            "tls-ciphersuites",
            nullableString(),
            null,
            c -> c.tls.ciphersuites,
            (c, v) -> c.tls.ciphersuites = v)
        .flag(Flag.VOLATILE);
    t.bool(
        "tls-prefer-server-ciphers",
        false,
        c -> c.tls.preferServerCiphers,
        (c, v) -> c.tls.preferServerCiphers = v);
    t.bool(
        "tls-session-caching", true, c -> c.tls.sessionCaching, (c, v) -> c.tls.sessionCaching = v);
    t.intField(
        "tls-session-cache-size",
        integer(0, INT_MAX),
        20 * 1024,
        c -> c.tls.sessionCacheSize,
        (c, v) -> c.tls.sessionCacheSize = v);
    t.intField(
        "tls-session-cache-timeout",
        integer(0, INT_MAX),
        300,
        c -> c.tls.sessionCacheTimeoutSeconds,
        (c, v) -> c.tls.sessionCacheTimeoutSeconds = v);

    // Banyan's own: which TLS implementation, and how often the files are checked for a rotation.
    t.field(
            "banyan-tls-provider",
            oneOf("auto", "openssl", "jdk"),
            "auto",
            c -> c.tls.provider,
            (c, v) -> c.tls.provider = v)
        .immutable();
    t.intField(
        "banyan-tls-reload-check-ms",
        integer(0, INT_MAX),
        1000,
        c -> c.tls.reloadCheckMs,
        (c, v) -> c.tls.reloadCheckMs = v);
  }

  private static void file(
      OptionTable t,
      String name,
      Function<ServerConfig, String> getter,
      BiConsumer<ServerConfig, String> setter) {
    t.field(name, nullableString(), null, getter, setter).flag(Flag.VOLATILE);
  }

  private static void secret(
      OptionTable t,
      String name,
      Function<ServerConfig, String> getter,
      BiConsumer<ServerConfig, String> setter) {
    t.field(name, nullableString(), null, getter, setter).flag(Flag.VOLATILE, Flag.SENSITIVE);
  }

  /** Space-separated protocol names, case-insensitive, as Redis accepts them. */
  private static String checkProtocols(String value) {
    for (String word : value.trim().split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      boolean known =
          PROTOCOLS.stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).equals(word.toLowerCase()));
      if (!known) {
        return "unknown TLS protocol '" + word + "' (use TLSv1, TLSv1.1, TLSv1.2 and/or TLSv1.3)";
      }
    }
    return null;
  }
}
