package io.banyan.operator.reconcile;

import io.banyan.operator.api.TlsSpec;
import io.banyan.operator.model.NodeTls;
import io.banyan.operator.node.TlsTrust;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The operator's TLS trust for one cluster, as last built from {@code spec.tls}' Secrets. As with
 * {@link AuthSecret} (the operator may only {@code get} Secrets), the Secrets are read again when
 * the trust is older than {@link #MAX_AGE}, or at once when a handshake failed (the certificate or
 * CA was rotated) — but not more often than every {@link #MIN_AGE}. Not thread-safe: one per
 * cluster.
 */
final class TlsSecret {
  static final Duration MAX_AGE = AuthSecret.MAX_AGE;
  static final Duration MIN_AGE = AuthSecret.MIN_AGE;

  /** The trust to use, or why there is none (a missing Secret or key, an unreadable PEM). */
  record Result(TlsTrust trust, String error) {}

  private String source;
  private Result result;
  private Instant readAt;

  /**
   * @param handshakeFailed a node's handshake failed with the trust held now
   * @param read reads a Secret's data by name (one GET), null when it does not exist
   */
  Result trust(
      TlsSpec tls,
      Instant now,
      boolean handshakeFailed,
      Function<String, Map<String, String>> read) {
    if (tls == null) {
      // spec.tls was removed: the pods started with it serve TLS until the rolling update has
      // replaced them, so the last trust stays in use for them (null after an operator restart:
      // those pods are then reported, not spoken to in plaintext).
      return result;
    }
    String wanted =
        tls.secretName + "/" + tls.caSecretOrDefault() + "/" + tls.clientAuthOrDefault();
    Duration age = readAt == null ? null : Duration.between(readAt, now);
    boolean fresh =
        wanted.equals(source)
            && age != null
            && !age.isNegative()
            && age.compareTo(handshakeFailed ? MIN_AGE : MAX_AGE) < 0;
    if (!fresh) {
      result = build(tls, read);
      readAt = now;
      source = wanted;
    }
    return result;
  }

  private static Result build(TlsSpec tls, Function<String, Map<String, String>> read) {
    Map<String, String> server = read.apply(tls.secretName);
    if (server == null) {
      return new Result(null, "Secret " + tls.secretName + " (spec.tls.secretName) not found");
    }
    Map<String, String> ca =
        Objects.equals(tls.caSecretOrDefault(), tls.secretName)
            ? server
            : read.apply(tls.caSecretOrDefault());
    String caSecret = tls.caSecretOrDefault();
    if (ca == null || ca.get(NodeTls.CA_KEY) == null) {
      return new Result(null, "Secret " + caSecret + " not found or without " + NodeTls.CA_KEY);
    }
    // The nodes ask for a client certificate only then; presenting one otherwise could only fail
    // a handshake (a certificate without the client auth usage is refused when presented).
    boolean present = tls.clientAuthOrDefault() == TlsSpec.ClientAuth.Required;
    if (present && (server.get(NodeTls.CERT_KEY) == null || server.get(NodeTls.KEY_KEY) == null)) {
      return new Result(
          null, "Secret " + tls.secretName + " has no " + NodeTls.CERT_KEY + "/" + NodeTls.KEY_KEY);
    }
    try {
      return new Result(
          TlsTrust.of(
              ca.get(NodeTls.CA_KEY),
              present ? server.get(NodeTls.CERT_KEY) : null,
              present ? server.get(NodeTls.KEY_KEY) : null),
          null);
    } catch (GeneralSecurityException | RuntimeException e) {
      return new Result(null, "Secret " + tls.secretName + ": " + e.getMessage());
    }
  }
}
