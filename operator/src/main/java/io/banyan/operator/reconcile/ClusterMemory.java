package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.failover.MasterSuspicion;
import io.banyan.operator.node.Credentials;
import io.banyan.operator.status.LagWatch;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the operator remembers about one cluster between reconciles, in memory only: since when the
 * master has looked failed, the last thing reported so an unchanged situation does not emit an
 * event every second, the password last read, the master's recent offsets (for the lag bound), and
 * the status last written. Losing it (operator restart) only delays detection by one timeout and
 * costs a read or a write; everything a failover needs to resume is in status (I5), the users and
 * password hashes the nodes start with in the aclfile Secret, the rotation's switch in status
 * ({@code auth.switchingSince}) and the derived settings the nodes run with in status ({@code
 * appliedSettings}).
 *
 * <p>Reconciles of one cluster never overlap (java-operator-sdk serialises them per resource), so
 * it needs no locking.
 */
final class ClusterMemory {
  /** Resource versions of our own status writes remembered (see {@link #freshest}). */
  private static final int VERSIONS_KEPT = 32;

  private MasterSuspicion suspicion = MasterSuspicion.none();

  /**
   * Since when the preferred zone has had a candidate to move the master back to; in memory only:
   * an operator restart starts the hold-down again, which only delays the move.
   */
  private Instant failbackCandidateSince;

  private String lastReport;
  private final AuthSecret authSecret = new AuthSecret();
  private final TlsSecret tlsSecret = new TlsSecret();
  private boolean tlsHandshakeFailed;
  private final LagWatch lagWatch = new LagWatch();
  private Set<String> laggingWritten = Set.of();
  private boolean authRejected;
  private StoreCluster lastWritten;
  private final Deque<String> overwritten = new ArrayDeque<>();

  private final StorageClasses storageClasses = new StorageClasses();

  /** StorageClasses as last read, for {@link VolumeGrowth}. */
  StorageClasses storageClasses() {
    return storageClasses;
  }

  /** Per node, the process and configuration {@link LiveConfigRollout} last checked it at. */
  private final Map<String, LiveConfigRollout.Checked> liveConfigChecked = new HashMap<>();

  Map<String, LiveConfigRollout.Checked> liveConfigChecked() {
    return liveConfigChecked;
  }

  /** Last pod IP seen per node: where a vanished master's process may still answer. */
  private final Map<String, String> lastIp = new HashMap<>();

  /** Remembers the pod IPs seen this round (a node's newer IP replaces its older one). */
  void podIps(Map<String, String> ips) {
    lastIp.putAll(ips);
  }

  /** The last pod IP seen for {@code node}; null when none was ever seen by this process. */
  String lastIp(String node) {
    return lastIp.get(node);
  }

  /** What every node that answered last accepted, when they all agreed: the fallback. */
  private Credentials knownGood;

  /**
   * The credentials to try on each node, in order: the last ones every node accepted (one
   * connection per probe while nothing changes), then {@code preferred} (the operator's own user,
   * then the default user with the Secret's password). A node started before the operator's user
   * existed only knows the default user, and one that has not taken a new default password yet
   * wants the old one: the operator must keep seeing and commanding it.
   */
  List<Credentials> credentialsToTry(List<Credentials> preferred) {
    List<Credentials> all = new ArrayList<>();
    if (knownGood != null) {
      all.add(knownGood);
    }
    preferred.stream().filter(c -> !all.contains(c)).forEach(all::add);
    return all;
  }

  /** Records what the nodes accepted this round; once they all agree, that is the fallback. */
  void accepted(Map<String, Credentials> byNode) {
    if (!byNode.isEmpty() && new HashSet<>(byNode.values()).size() == 1) {
      knownGood = byNode.values().iterator().next();
    }
  }

  /** The operator's own users' passwords, once read or generated (see {@link AuthRound}). */
  private AuthRound.OwnPasswords ownPasswords;

  AuthRound.OwnPasswords ownPasswords() {
    return ownPasswords;
  }

  void ownPasswords(AuthRound.OwnPasswords passwords) {
    ownPasswords = passwords;
  }

  /** The aclfile Secret's text as last read or written by this process; null: read it. */
  private String aclFile;

  String aclFile() {
    return aclFile;
  }

  void aclFile(String text) {
    aclFile = text;
  }

  /** Per application user, its password Secret as last read (see {@link AuthSecret}). */
  private final Map<String, AuthSecret> userSecrets = new HashMap<>();

  AuthSecret userSecret(String user) {
    return userSecrets.computeIfAbsent(user, u -> new AuthSecret());
  }

  /** Per node, the derived settings this process gave it (see {@link SettingsRollout}). */
  private final Map<String, SettingsRollout.Given> settingsGiven = new HashMap<>();

  Map<String, SettingsRollout.Given> settingsGiven() {
    return settingsGiven;
  }

  Instant failbackCandidateSince() {
    return failbackCandidateSince;
  }

  void failbackCandidateSince(Instant since) {
    failbackCandidateSince = since;
  }

  MasterSuspicion suspicion() {
    return suspicion;
  }

  void suspicion(MasterSuspicion s) {
    suspicion = s;
  }

  /** True the first time {@code report} is seen since a different one (or none). */
  boolean firstReport(String report) {
    boolean fresh = !Objects.equals(report, lastReport);
    lastReport = report;
    return fresh;
  }

  TlsSecret tlsSecret() {
    return tlsSecret;
  }

  /** Whether the last round's probe had a TLS handshake fail (read the Secrets again soon). */
  boolean tlsHandshakeFailed() {
    return tlsHandshakeFailed;
  }

  void tlsHandshakeFailed(boolean failed) {
    tlsHandshakeFailed = failed;
  }

  AuthSecret authSecret() {
    return authSecret;
  }

  /** The generated password's Secret is known to exist (checked once per operator process). */
  private boolean generatedSecretEnsured;

  boolean generatedSecretEnsured() {
    return generatedSecretEnsured;
  }

  void generatedSecretEnsured(boolean ensured) {
    generatedSecretEnsured = ensured;
  }

  /** A node refused the password on the last probe. */
  boolean authRejected() {
    return authRejected;
  }

  void authRejected(boolean rejected) {
    authRejected = rejected;
  }

  LagWatch lagWatch() {
    return lagWatch;
  }

  /** The replicas beyond the lag bound when the status was last written by a report. */
  Set<String> laggingWritten() {
    return laggingWritten;
  }

  void laggingWritten(Set<String> lagging) {
    laggingWritten = Set.copyOf(lagging);
  }

  /** Our status write replaced {@code before} by {@code after}. */
  void written(StoreCluster before, StoreCluster after) {
    overwritten.addLast(before.getMetadata().getResourceVersion());
    while (overwritten.size() > VERSIONS_KEPT) {
      overwritten.removeFirst();
    }
    lastWritten = after;
  }

  /**
   * The cluster as the reconcile must see it: {@code cached} (from the informer), unless it is a
   * version our own status write has already replaced and the informer has not caught up — then the
   * version we wrote. A version we never wrote over is newer (a spec edit) and wins.
   */
  StoreCluster freshest(StoreCluster cached) {
    if (lastWritten != null && overwritten.contains(cached.getMetadata().getResourceVersion())) {
      return lastWritten;
    }
    return cached;
  }
}
