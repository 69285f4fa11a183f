package io.banyan.operator.model;

import io.banyan.operator.api.SecretKeyRef;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the default user's password comes from: the Secret {@code spec.auth.secretName} names, or —
 * so that no rendered node ever runs without a password — the Secret {@code <cluster>-auth} the
 * operator generates once and never overwrites (a user may replace its value to rotate it).
 */
public final class AuthObjects {
  /** The key of a generated password. */
  public static final String PASSWORD_KEY = "password";

  private AuthObjects() {}

  /** The Secret key holding the default user's password. */
  public static SecretKeyRef defaultPassword(StoreClusterSpec spec, String cluster) {
    SecretKeyRef ref = new SecretKeyRef();
    boolean named = spec.auth != null && spec.auth.secretName != null;
    ref.secretName = named ? spec.auth.secretName : ObjectNames.generatedAuth(cluster);
    ref.key = named && spec.auth.key != null ? spec.auth.key : PASSWORD_KEY;
    return ref;
  }

  /** True when the operator generates the default user's password. */
  public static boolean generated(StoreClusterSpec spec) {
    return spec.auth == null || spec.auth.secretName == null;
  }

  /**
   * 32 random bytes in hex (256 bits): long enough that guessing is hopeless, no character a shell,
   * a URL or redis-cli's {@code -a} would need to quote.
   */
  public static String randomPassword(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * An operator-owned Opaque Secret (deleted with the cluster) holding {@code values}: the
   * generated {@code <cluster>-auth}, the aclfile, the operator's own credentials.
   */
  public static Secret ownedSecret(StoreCluster sc, String name, Map<String, String> values) {
    Map<String, String> data = new java.util.TreeMap<>();
    values.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(sc.getMetadata().getNamespace())
        .withLabels(Labels.cluster(sc.getMetadata().getName()))
        .withOwnerReferences(Owners.controllerOf(sc))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }
}
