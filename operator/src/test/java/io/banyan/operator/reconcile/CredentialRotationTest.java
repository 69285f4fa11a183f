package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.model.AclFile;
import io.banyan.operator.reconcile.CredentialRotation.AddHash;
import io.banyan.operator.reconcile.CredentialRotation.ApplyRules;
import io.banyan.operator.reconcile.CredentialRotation.CreateUser;
import io.banyan.operator.reconcile.CredentialRotation.DeleteUser;
import io.banyan.operator.reconcile.CredentialRotation.Inputs;
import io.banyan.operator.reconcile.CredentialRotation.Phase;
import io.banyan.operator.reconcile.CredentialRotation.Plan;
import io.banyan.operator.reconcile.CredentialRotation.RemoveHash;
import io.banyan.operator.reconcile.CredentialRotation.SwitchMasterauth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rotation decision (issue 14 item 4): add the new password on every node, switch masterauth,
 * remove the old one — from what the nodes and the aclfile hold, whatever happened in between.
 */
class CredentialRotationTest {
  static final String OLD = AclFile.hash("old");
  static final String NEW = AclFile.hash("new");
  static final String REPL = AclFile.hash("repl");
  static final String REPL2 = AclFile.hash("repl2");
  static final List<String> NODES = List.of("a-0", "a-1", "b-0");
  static final Map<String, List<String>> RULES =
      Map.of("default", List.of("~*", "&*", "+@all"), "banyan-replication", List.of("+psync"));

  /** A node holding {@code defaultHashes} for default and REPL for the replication user. */
  static Map<String, Set<String>> node(Set<String> defaultHashes) {
    return Map.of("default", defaultHashes, "banyan-replication", Set.of(REPL));
  }

  static String file(Set<String> defaultHashes) {
    return AclFile.render(
        List.of(
            new AclFile.User("default", defaultHashes, RULES.get("default")),
            new AclFile.User("banyan-replication", Set.of(REPL), RULES.get("banyan-replication"))));
  }

  static Plan plan(
      String wantDefault, String file, Map<String, Map<String, Set<String>>> observed) {
    Map<String, String> masterauth = new HashMap<>();
    observed.keySet().forEach(n -> masterauth.put(n, REPL));
    return CredentialRotation.plan(
        new Inputs(
            Map.of("default", wantDefault, "banyan-replication", REPL),
            RULES,
            file,
            NODES,
            observed,
            masterauth));
  }

  static Map<String, Map<String, Set<String>>> all(Set<String> defaultHashes) {
    Map<String, Map<String, Set<String>>> m = new HashMap<>();
    NODES.forEach(n -> m.put(n, node(defaultHashes)));
    return m;
  }

  @Test
  void steadyWhenEveryNodeAndTheFileHoldOnlyTheSecretsPassword() {
    Plan p = plan(OLD, file(Set.of(OLD)), all(Set.of(OLD)));
    assertThat(p.steps()).isEmpty();
    assertThat(p.phase()).isEqualTo(Phase.STEADY);
    assertThat(p.aclFileHashes().get("default")).containsExactly(OLD);
  }

  @Test
  void aChangedSecretAddsTheNewPasswordAlongsideTheOldOnEveryNodeAndInTheFile() {
    Plan p = plan(NEW, file(Set.of(OLD)), all(Set.of(OLD)));
    assertThat(p.phase()).isEqualTo(Phase.ADDING);
    assertThat(p.steps())
        .containsExactly(
            new AddHash("a-0", "default", NEW),
            new AddHash("a-1", "default", NEW),
            new AddHash("b-0", "default", NEW));
    assertThat(p.aclFileHashes().get("default")).containsExactlyInAnyOrder(OLD, NEW);
    assertThat(p.pending()).containsExactly("a-0", "a-1", "b-0");
  }

  @Test
  void theOldPasswordIsRemovedOnlyOnceEveryNodeHasTheNewOne() {
    Map<String, Map<String, Set<String>>> observed = all(Set.of(OLD, NEW));
    observed.put("b-0", node(Set.of(OLD)));
    Plan partial = plan(NEW, file(Set.of(OLD, NEW)), observed);
    assertThat(partial.phase()).isEqualTo(Phase.ADDING);
    assertThat(partial.steps()).containsExactly(new AddHash("b-0", "default", NEW));

    Plan removing = plan(NEW, file(Set.of(OLD, NEW)), all(Set.of(OLD, NEW)));
    assertThat(removing.phase()).isEqualTo(Phase.REMOVING);
    assertThat(removing.steps())
        .containsExactly(
            new RemoveHash("a-0", "default", OLD),
            new RemoveHash("a-1", "default", OLD),
            new RemoveHash("b-0", "default", OLD));
    assertThat(removing.aclFileHashes().get("default")).containsExactly(NEW);

    Plan done = plan(NEW, file(Set.of(NEW)), all(Set.of(NEW)));
    assertThat(done.phase()).isEqualTo(Phase.STEADY);
    assertThat(done.steps()).isEmpty();
  }

  @Test
  void clientsGetTheGracePeriodToSwitchCountedFromStatusAcrossOperatorRestarts() {
    java.time.Instant t0 = java.time.Instant.parse("2026-12-07T13:00:00Z");
    Map<String, String> masterauth = Map.of("a-0", REPL, "a-1", REPL, "b-0", REPL);
    Map<String, java.time.Duration> grace = Map.of("default", java.time.Duration.ofMinutes(5));
    Plan first =
        CredentialRotation.plan(
            new Inputs(
                Map.of("default", NEW, "banyan-replication", REPL),
                RULES,
                file(Set.of(OLD, NEW)),
                NODES,
                all(Set.of(OLD, NEW)),
                masterauth,
                t0,
                Map.of(),
                grace));
    assertThat(first.phases().get("default")).isEqualTo(Phase.SWITCHING);
    assertThat(first.steps()).isEmpty(); // the old password still opens connections
    assertThat(first.switchingSince()).containsEntry("default", t0);

    // A restarted operator reads the start of the switch from status: it does not start again.
    Plan later =
        CredentialRotation.plan(
            new Inputs(
                Map.of("default", NEW, "banyan-replication", REPL),
                RULES,
                file(Set.of(OLD, NEW)),
                NODES,
                all(Set.of(OLD, NEW)),
                masterauth,
                t0.plusSeconds(301),
                first.switchingSince(),
                grace));
    assertThat(later.phases().get("default")).isEqualTo(Phase.REMOVING);
    assertThat(later.steps()).hasSize(3).allMatch(st -> st instanceof RemoveHash);
    assertThat(later.switchingSince()).isEmpty();
  }

  @Test
  void anUnreachableNodeHoldsTheRotationInAddingUntilItAnswers() {
    Map<String, Map<String, Set<String>>> observed = all(Set.of(OLD, NEW));
    observed.remove("b-0");
    Plan p = plan(NEW, file(Set.of(OLD, NEW)), observed);
    assertThat(p.phase()).isEqualTo(Phase.ADDING);
    assertThat(p.steps()).isEmpty(); // nothing removed: b-0 may still hold only the old one
    assertThat(p.pending()).containsExactly("b-0");
    assertThat(p.aclFileHashes().get("default")).containsExactlyInAnyOrder(OLD, NEW);

    // It answers, still with the old password only: it is given the new one first.
    observed.put("b-0", node(Set.of(OLD)));
    assertThat(plan(NEW, file(Set.of(OLD, NEW)), observed).steps())
        .containsExactly(new AddHash("b-0", "default", NEW));
  }

  @Test
  void aNodeRestartedMidRotationFromAStaleAclfileIsBroughtForwardAgain() {
    // Removal was under way; a-1 restarted and its mounted aclfile was still the old version.
    Map<String, Map<String, Set<String>>> observed = all(Set.of(NEW));
    observed.put("a-1", node(Set.of(OLD)));
    Plan p = plan(NEW, file(Set.of(NEW)), observed);
    assertThat(p.phase()).isEqualTo(Phase.ADDING);
    assertThat(p.steps()).containsExactly(new AddHash("a-1", "default", NEW));
    // The file is not taken back to the old one: a node that restarts again gets the new one.
    assertThat(p.aclFileHashes().get("default")).containsExactlyInAnyOrder(NEW);
    observed.put("a-1", node(Set.of(OLD, NEW)));
    assertThat(plan(NEW, file(Set.of(NEW)), observed).steps())
        .containsExactly(new RemoveHash("a-1", "default", OLD));
  }

  @Test
  void anOperatorRestartedMidwayContinuesFromWhatTheNodesAndTheFileHold() {
    // Nothing in memory: the same inputs give the same next step, at every point of the rotation.
    Plan first = plan(NEW, file(Set.of(OLD)), all(Set.of(OLD)));
    Plan again = plan(NEW, file(Set.of(OLD)), all(Set.of(OLD)));
    assertThat(again).isEqualTo(first);
    Plan afterAdd = plan(NEW, file(Set.of(OLD, NEW)), all(Set.of(OLD, NEW)));
    assertThat(afterAdd.phase()).isEqualTo(Phase.REMOVING);
  }

  @Test
  void theReplicationUserSwitchesMasterauthBetweenAddingAndRemoving() {
    Map<String, Map<String, Set<String>>> observed = new HashMap<>();
    NODES.forEach(
        n -> observed.put(n, Map.of("default", Set.of(OLD), "banyan-replication", Set.of(REPL))));
    Map<String, String> masterauth = new HashMap<>();
    NODES.forEach(n -> masterauth.put(n, REPL));
    Map<String, String> wanted = Map.of("default", OLD, "banyan-replication", REPL2);

    Plan adding =
        CredentialRotation.plan(
            new Inputs(wanted, RULES, file(Set.of(OLD)), NODES, observed, masterauth));
    assertThat(adding.phases().get("banyan-replication")).isEqualTo(Phase.ADDING);
    assertThat(adding.steps()).allMatch(s -> s instanceof AddHash);

    NODES.forEach(
        n ->
            observed.put(
                n, Map.of("default", Set.of(OLD), "banyan-replication", Set.of(REPL, REPL2))));
    Plan switching =
        CredentialRotation.plan(
            new Inputs(wanted, RULES, file(Set.of(OLD)), NODES, observed, masterauth));
    assertThat(switching.phases().get("banyan-replication")).isEqualTo(Phase.SWITCHING);
    assertThat(switching.steps())
        .containsExactly(
            new SwitchMasterauth("a-0"), new SwitchMasterauth("a-1"), new SwitchMasterauth("b-0"));

    masterauth.put("a-0", REPL2);
    masterauth.put("a-1", REPL2);
    assertThat(
            CredentialRotation.plan(
                    new Inputs(wanted, RULES, file(Set.of(OLD)), NODES, observed, masterauth))
                .steps())
        .containsExactly(new SwitchMasterauth("b-0"));

    masterauth.put("b-0", REPL2);
    Plan removing =
        CredentialRotation.plan(
            new Inputs(wanted, RULES, file(Set.of(OLD)), NODES, observed, masterauth));
    assertThat(removing.phases().get("banyan-replication")).isEqualTo(Phase.REMOVING);
    assertThat(removing.steps()).allMatch(s -> s instanceof RemoveHash r && r.hash().equals(REPL));
  }

  @Test
  void aUserMissingOnANodeIsCreatedAndOneTheSpecDroppedIsDeleted() {
    Map<String, List<String>> rules = new HashMap<>(RULES);
    rules.put("app", List.of("~app:*", "+@all"));
    String appHash = AclFile.hash("app");
    Map<String, Map<String, Set<String>>> observed = all(Set.of(OLD));
    observed.put(
        "a-0",
        Map.of("default", Set.of(OLD), "banyan-replication", Set.of(REPL), "gone", Set.of(OLD)));
    Map<String, String> masterauth = new HashMap<>();
    NODES.forEach(n -> masterauth.put(n, REPL));
    Plan p =
        CredentialRotation.plan(
            new Inputs(
                Map.of("default", OLD, "banyan-replication", REPL, "app", appHash),
                rules,
                file(Set.of(OLD)),
                NODES,
                observed,
                masterauth));
    assertThat(p.steps())
        .contains(
            new CreateUser("a-0", "app", Set.of(appHash), rules.get("app")),
            new DeleteUser("a-0", "gone"));
    assertThat(p.aclFileRules().get("app")).containsExactly("~app:*", "+@all");
  }

  @Test
  void changedRulesReachEveryNodeBeforeTheFileRecordsThem() {
    Map<String, List<String>> rules = new HashMap<>(RULES);
    rules.put("default", List.of("~*", "+@all"));
    Map<String, Map<String, Set<String>>> observed = all(Set.of(OLD));
    observed.remove("b-0");
    Map<String, String> masterauth = new HashMap<>();
    observed.keySet().forEach(n -> masterauth.put(n, REPL));
    Inputs in =
        new Inputs(
            Map.of("default", OLD, "banyan-replication", REPL),
            rules,
            file(Set.of(OLD)),
            NODES,
            observed,
            masterauth);
    Plan p = CredentialRotation.plan(in);
    assertThat(p.steps())
        .containsExactly(
            new ApplyRules("a-0", "default", rules.get("default")),
            new ApplyRules("a-1", "default", rules.get("default")));
    // b-0 did not answer: the file keeps the old rules so the change is sent again.
    assertThat(p.aclFileRules().get("default")).containsExactly("~*", "&*", "+@all");
  }

  @Test
  void aUserWhoseSecretIsMissingIsLeftAsItIs() {
    Plan p =
        CredentialRotation.plan(
            new Inputs(
                Map.of("banyan-replication", REPL),
                RULES,
                file(Set.of(OLD)),
                NODES,
                all(Set.of(OLD)),
                Map.of("a-0", REPL, "a-1", REPL, "b-0", REPL)));
    assertThat(p.steps()).isEmpty();
    assertThat(p.aclFileHashes().get("default")).containsExactly(OLD);
  }
}
