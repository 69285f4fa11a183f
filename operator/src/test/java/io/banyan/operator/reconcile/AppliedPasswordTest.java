package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 5: the durable record of the password the nodes hold changes only once every probed
 * node answered with one and the same password, and is a fallback after a restart.
 */
class AppliedPasswordTest {
  private static final List<String> BOTH = List.of("a-0", "a-1");

  @Test
  void everyNodeOnTheNewPasswordReplacesTheRecord() {
    assertThat(
            AppliedPassword.toRecord(
                BOTH,
                Map.of("a-0", Optional.of("two"), "a-1", Optional.of("two")),
                new AppliedPassword("one"),
                true))
        .contains(new AppliedPassword("two"));
  }

  @Test
  void midRotationTheOldRecordStays() {
    assertThat(
            AppliedPassword.toRecord(
                BOTH,
                Map.of("a-0", Optional.of("two"), "a-1", Optional.of("one")),
                new AppliedPassword("one"),
                true))
        .isEmpty();
  }

  @Test
  void aProbedNodeThatDidNotAnswerMayStillHoldTheOldOne() {
    assertThat(
            AppliedPassword.toRecord(
                BOTH, Map.of("a-0", Optional.of("two")), new AppliedPassword("one"), true))
        .isEmpty();
    assertThat(AppliedPassword.toRecord(List.of(), Map.of(), null, true)).isEmpty();
  }

  @Test
  void anUnchangedRecordIsNotWrittenAgain() {
    assertThat(
            AppliedPassword.toRecord(
                BOTH,
                Map.of("a-0", Optional.of("one"), "a-1", Optional.of("one")),
                new AppliedPassword("one"),
                true))
        .isEmpty();
  }

  @Test
  void aClusterThatNeverHadAPasswordGetsNoSecret() {
    Map<String, Optional<String>> noAuth = Map.of("a-0", Optional.empty(), "a-1", Optional.empty());
    assertThat(AppliedPassword.toRecord(BOTH, noAuth, null, false)).isEmpty();
    // ...but once a record exists, removing the password is recorded too.
    assertThat(AppliedPassword.toRecord(BOTH, noAuth, new AppliedPassword("one"), false))
        .contains(new AppliedPassword(null));
  }

  @Test
  void afterARestartTheRecordIsTriedAfterTheSecretsValue() {
    ClusterMemory fresh = new ClusterMemory();
    fresh.appliedPassword(new AppliedPassword("one"));
    assertThat(fresh.passwordsToTry("two")).containsExactly("two", "one");
    assertThat(fresh.passwordsToTry("one")).containsExactly("one");
    ClusterMemory noAuthYet = new ClusterMemory();
    noAuthYet.appliedPassword(new AppliedPassword(null));
    assertThat(noAuthYet.passwordsToTry("secret")).containsExactly("secret", null);
  }
}
