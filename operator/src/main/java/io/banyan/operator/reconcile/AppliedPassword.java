package io.banyan.operator.reconcile;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The password every node was last seen to hold, as recorded in the operator's own Secret {@code
 * <cluster>-auth-applied} (issue 11 item 5). The user's Secret says what the password should be;
 * this one says what the nodes have, so that an operator that restarts (or a second replica that
 * takes over) in the middle of a rotation still reaches nodes that want the previous password,
 * instead of judging them unreachable and maybe failing over a healthy master. It never goes into
 * status or an event. Pure.
 *
 * @param password the password the nodes hold; null when they need none (no AUTH)
 */
record AppliedPassword(String password) {
  /** The Secret's key holding the password; absent when the nodes need none. */
  static final String KEY = "password";

  /**
   * The record to write after a probe, or empty when the stored one ({@code stored}, null when
   * there is none) still holds: only once every node with a pod IP answered, all with the same
   * password. A node that did not answer may still hold an older password, so the record keeps the
   * old value until it answers too. Nothing is recorded for a cluster that never had a password.
   *
   * @param addressed the nodes that have a pod IP (were probed)
   * @param accepted the password each answering node accepted (empty optional: no AUTH)
   * @param authConfigured the spec names an auth Secret
   */
  static Optional<AppliedPassword> toRecord(
      Collection<String> addressed,
      Map<String, Optional<String>> accepted,
      AppliedPassword stored,
      boolean authConfigured) {
    if (addressed.isEmpty() || !accepted.keySet().containsAll(addressed)) {
      return Optional.empty();
    }
    Optional<String> first = accepted.get(addressed.iterator().next());
    for (String node : addressed) {
      if (!accepted.get(node).equals(first)) {
        return Optional.empty(); // mid-rotation: keep what is recorded
      }
    }
    AppliedPassword held = new AppliedPassword(first.orElse(null));
    if (held.equals(stored) || (stored == null && !authConfigured)) {
      return Optional.empty();
    }
    return Optional.of(held);
  }
}
