package io.banyan.operator.reconcile;

import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.StoreClusterStatus.AppliedSettings;
import io.banyan.operator.model.ConfigClasses;
import io.banyan.operator.model.ConfigRenderer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The node options derived from the spec's failover and replication settings that the operator's
 * own decisions depend on (the lag bound below the detection timeout, replicas giving up on a dead
 * master within it, the write quorum), as {@link ConfigRenderer} renders them — one source of
 * truth. The rendered file only reaches a node when it restarts; these are also changed on the
 * running nodes with {@code CONFIG SET}, and the operator keeps judging with the detection timeout
 * the nodes were configured for until every reachable node has taken the new values (issue 11 item
 * 3). Which ones they have is recorded in {@code status.appliedSettings}, so that an operator
 * restarted in the middle of a change judges as its predecessor did. Pure.
 */
public final class DerivedSettings {
  static final Set<String> NAMES = ConfigClasses.DERIVED;

  /** Options whose name starts with this are derived too (the zone-aware quorum's). */
  static final String PREFIX = ConfigClasses.DERIVED_PREFIX;

  private DerivedSettings() {}

  /** Option → value, in rendered order. */
  public static Map<String, String> of(StoreClusterSpec spec) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : ConfigRenderer.render(spec).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String name = line.substring(0, space);
      if (NAMES.contains(name) || name.startsWith(PREFIX)) {
        settings.put(name, unquote(line.substring(space + 1).trim()));
      }
    }
    return settings;
  }

  /** The detection timeout the spec asks for. */
  public static long detectionTimeoutMillis(StoreClusterSpec spec) {
    Integer t = spec.failover == null ? null : spec.failover.detectionTimeoutMillis;
    return t == null ? new FailoverSpec().detectionTimeoutMillis : t;
  }

  /**
   * A fingerprint of {@code settings}: the first 16 hex digits of SHA-256 over {@code name=value}
   * lines in name order. Stored in status to tell whether the nodes run with the spec's settings.
   */
  public static String hash(Map<String, String> settings) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(settings).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * The spec's derived settings are not yet recorded as applied on the nodes. A cluster with no
   * record (new, or last run by an operator that kept none) runs with the spec's: its nodes started
   * from the rendered config.
   */
  public static boolean pending(StoreClusterSpec spec, AppliedSettings applied) {
    return applied != null && !hash(of(spec)).equals(applied.hash);
  }

  /**
   * The detection timeout failures must be judged with: the spec's once its derived settings are on
   * the nodes; while they are being applied, the longer of the spec's and the one the nodes'
   * settings were derived from. Judging with a timeout shorter than the one a node's lag bound was
   * derived from would promote while the old master may still acknowledge writes (I3), so:
   *
   * <ul>
   *   <li>a <b>lower</b> timeout: the nodes take the new (shorter) lag bounds first, and the
   *       operator keeps the old, longer timeout until every reachable node, the master included,
   *       has them;
   *   <li>a <b>raised</b> timeout: the operator judges with the new, longer timeout at once, before
   *       any node is given the longer lag bounds, so no node ever has a bound above it.
   * </ul>
   *
   * Read from status, so a restarted operator judges as its predecessor.
   */
  public static long judgingDetectionMillis(StoreClusterSpec spec, AppliedSettings applied) {
    long wanted = detectionTimeoutMillis(spec);
    return pending(spec, applied) && applied.detectionTimeoutMillis != null
        ? Math.max(applied.detectionTimeoutMillis, wanted)
        : wanted;
  }

  /** The record of {@code spec}'s derived settings, as of {@code generation}. */
  public static AppliedSettings record(StoreClusterSpec spec, long generation) {
    AppliedSettings a = new AppliedSettings();
    a.generation = generation;
    a.hash = hash(of(spec));
    a.detectionTimeoutMillis = detectionTimeoutMillis(spec);
    return a;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }
}
