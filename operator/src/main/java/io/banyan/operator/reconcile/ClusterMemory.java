package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.failover.MasterSuspicion;
import io.banyan.operator.status.LagWatch;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the operator remembers about one cluster between reconciles, in memory only: since when the
 * master has looked failed, the last thing reported so an unchanged situation does not emit an
 * event every second, the password last read, the master's recent offsets (for the lag bound), and
 * the status last written. Losing it (operator restart) only delays detection by one timeout and
 * costs a read or a write; everything a failover needs to resume is in status (I5), the password
 * the nodes hold in the operator's own Secret ({@link AppliedPassword}) and the derived settings
 * the nodes run with in status ({@code appliedSettings}).
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

  /** The password the nodes accepted before the Secret last changed; valid when flagged. */
  private String knownGood;

  private boolean hasKnownGood;

  /**
   * The passwords to try on each node, in order: the Secret's value, then the last one every node
   * accepted. Nodes read the password when their container starts, so after a rotation the ones
   * started before it still want the old one until they restart; the operator must keep seeing and
   * commanding them (issue 11 item 5).
   */
  List<String> passwordsToTry(String current) {
    List<String> passwords = new ArrayList<>();
    passwords.add(current);
    if (hasKnownGood && !passwords.contains(knownGood)) {
      passwords.add(knownGood);
    }
    // After a restart nothing above is known yet: the durable record is what the nodes held.
    if (appliedPassword != null && !passwords.contains(appliedPassword.password())) {
      passwords.add(appliedPassword.password());
    }
    return passwords;
  }

  /** The durable record of the password the nodes hold, once read; see {@link AppliedPassword}. */
  private AppliedPassword appliedPassword;

  private boolean appliedPasswordLoaded;

  /** The record was read from (or written to) the API server by this process. */
  boolean appliedPasswordLoaded() {
    return appliedPasswordLoaded;
  }

  /** The record as last read or written; null when there is none. */
  AppliedPassword appliedPassword() {
    return appliedPassword;
  }

  void appliedPassword(AppliedPassword record) {
    appliedPassword = record;
    appliedPasswordLoaded = true;
  }

  /** A Secret of the record's name exists and is not this cluster's: never written. */
  private boolean appliedPasswordForeign;

  boolean appliedPasswordForeign() {
    return appliedPasswordForeign;
  }

  void appliedPasswordForeign(boolean foreign) {
    appliedPasswordForeign = foreign;
  }

  /** Forget the record so the next round reads it again (a write found it changed). */
  void reloadAppliedPassword() {
    appliedPasswordLoaded = false;
  }

  /**
   * Records what the nodes accepted this round: once every node that answered took {@code current}
   * (and at least one did), it becomes the known-good password; while any still wants the previous
   * one, that one is kept.
   */
  void accepted(String current, Map<String, Optional<String>> byNode) {
    if (byNode.isEmpty()) {
      return;
    }
    boolean allCurrent =
        byNode.values().stream().allMatch(p -> Objects.equals(p.orElse(null), current));
    if (allCurrent || !hasKnownGood) {
      knownGood = allCurrent ? current : byNode.values().iterator().next().orElse(null);
      hasKnownGood = true;
    }
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
