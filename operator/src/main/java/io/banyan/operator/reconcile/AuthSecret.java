package io.banyan.operator.reconcile;

import io.banyan.operator.api.SecretKeyRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The cluster's password, as last read from its Secret. The operator may only {@code get} Secrets
 * (no list or watch: it should not see every Secret of a namespace), so there is no informer: the
 * Secret is read again when the value is older than {@link #MAX_AGE}, or at once when a node
 * refused the password (it was rotated) — but not more often than every {@link #MIN_AGE}, so a
 * password that stays wrong costs one GET every few seconds, not one per round. Not thread-safe:
 * one per cluster.
 */
final class AuthSecret {
  static final Duration MAX_AGE = Duration.ofSeconds(30);
  static final Duration MIN_AGE = Duration.ofSeconds(5);

  private SecretKeyRef source;
  private String value;
  private Instant readAt;

  /**
   * The password named by {@code ref} (null when the cluster has none, or the Secret or key is
   * missing).
   *
   * @param rejected a node answered NOAUTH or WRONGPASS to the password held now
   * @param read reads the Secret (one GET)
   */
  String password(SecretKeyRef ref, Instant now, boolean rejected, Supplier<String> read) {
    if (ref == null) {
      source = null;
      value = null;
      readAt = null;
      return null;
    }
    SecretKeyRef wanted = copy(ref);
    boolean sameSource =
        source != null
            && Objects.equals(source.secretName, wanted.secretName)
            && Objects.equals(source.key, wanted.key);
    Duration age = readAt == null ? null : Duration.between(readAt, now);
    boolean fresh =
        sameSource
            && age != null
            && age.compareTo(rejected ? MIN_AGE : MAX_AGE) < 0
            && !age.isNegative();
    if (!fresh) {
      value = read.get();
      readAt = now;
      source = wanted;
    }
    return value;
  }

  private static SecretKeyRef copy(SecretKeyRef ref) {
    SecretKeyRef c = new SecretKeyRef();
    c.secretName = ref.secretName;
    c.key = ref.key;
    return c;
  }
}
