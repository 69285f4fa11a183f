package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 5: after the auth Secret changes, the operator keeps the password the nodes last
 * accepted and tries it after the new one, until every node answering has taken the new one.
 */
class PasswordRotationTest {
  private final ClusterMemory memory = new ClusterMemory();

  @Test
  void beforeAnyProbeOnlyTheSecretsValueIsTried() {
    assertThat(memory.passwordsToTry("one")).containsExactly("one");
  }

  @Test
  void theOldPasswordIsKeptUntilEveryNodeTookTheNewOne() {
    memory.accepted("one", Map.of("a-0", Optional.of("one"), "a-1", Optional.of("one")));
    assertThat(memory.passwordsToTry("one")).containsExactly("one");

    // Rotated: the new value first, the known-good one after it.
    assertThat(memory.passwordsToTry("two")).containsExactly("two", "one");

    // a-0 restarted with the new password, a-1 still wants the old one: keep both.
    memory.accepted("two", Map.of("a-0", Optional.of("two"), "a-1", Optional.of("one")));
    assertThat(memory.passwordsToTry("two")).containsExactly("two", "one");

    // Every node that answered took the new one: the old one is dropped.
    memory.accepted("two", Map.of("a-0", Optional.of("two"), "a-1", Optional.of("two")));
    assertThat(memory.passwordsToTry("two")).containsExactly("two");
  }

  @Test
  void aRoundWhereNoNodeAnsweredChangesNothing() {
    memory.accepted("one", Map.of("a-0", Optional.of("one")));
    memory.accepted("two", Map.of());
    assertThat(memory.passwordsToTry("two")).containsExactly("two", "one");
  }

  @Test
  void addingAPasswordToAClusterWithoutOneKeepsTryingWithoutAuth() {
    memory.accepted(null, Map.of("a-0", Optional.empty()));
    assertThat(memory.passwordsToTry("secret")).containsExactly("secret", null);
  }
}
