package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.node.Credentials;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The credentials the operator tries: its own user, then the default user's password (nodes started
 * before the operator's user existed), then what every node last accepted.
 */
class PasswordRotationTest {
  static final Credentials OWN = new Credentials("banyan-operator", "op");
  private final ClusterMemory memory = new ClusterMemory();

  @Test
  void beforeAnyProbeOnlyThePreferredOnesAreTried() {
    assertThat(memory.credentialsToTry(List.of(OWN, Credentials.of("one"))))
        .containsExactly(OWN, Credentials.of("one"));
  }

  @Test
  void whatEveryNodeAcceptedIsKeptAsTheFallbackAfterTheSecretChanges() {
    memory.accepted(Map.of("a-0", Credentials.of("one"), "a-1", Credentials.of("one")));
    assertThat(memory.credentialsToTry(List.of(OWN, Credentials.of("two"))))
        .containsExactly(Credentials.of("one"), OWN, Credentials.of("two"));

    // The nodes disagree (one took the new password): the fallback stays.
    memory.accepted(Map.of("a-0", Credentials.of("two"), "a-1", Credentials.of("one")));
    assertThat(memory.credentialsToTry(List.of(OWN, Credentials.of("two"))))
        .contains(Credentials.of("one"));

    // Every node answers to the operator's own user: that is the fallback now.
    memory.accepted(Map.of("a-0", OWN, "a-1", OWN));
    assertThat(memory.credentialsToTry(List.of(OWN, Credentials.of("two"))))
        .containsExactly(OWN, Credentials.of("two"));
  }

  @Test
  void credentialsNeverShowThePassword() {
    assertThat(OWN.toString()).doesNotContain("op ").isEqualTo("banyan-operator (****)");
    assertThat(Credentials.of("secret").toString()).doesNotContain("secret");
  }
}
