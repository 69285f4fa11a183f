package io.banyan.operator.reconcile;

import io.banyan.operator.model.AclFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What brings the nodes' users to the Secrets' passwords without a moment where a client holding
 * either the old or the new password is refused. Level-triggered and pure: from what the nodes hold
 * now ({@code ACL LIST}, {@code masterauth}) and what the aclfile Secret says, it returns this
 * round's commands and the aclfile to write — so an operator restarted mid-way, a node restarted
 * mid-way (it loads the aclfile, which holds both hashes) or one that was unreachable simply show
 * up as a state to continue from.
 *
 * <p>Per user, the phases are: {@link Phase#ADDING} the new hash alongside the old on every node
 * (and in the aclfile); {@link Phase#SWITCHING} once every node accepts both: the clients move to
 * the new password — for the replication user, each node's {@code masterauth} is set to it; for the
 * others, the user's grace period runs (applications read the Secret on their own schedule, and a
 * connection they open with the old password must still get in meanwhile; the moment the switch
 * began is kept in status, so an operator restart does not start it again); {@link Phase#REMOVING}
 * the old hashes once the switch is over (and the aclfile keeps only the new one). A node whose pod
 * exists but did not answer holds the rotation in ADDING: it may still hold only the old password,
 * and a replica of it — or a client it serves — must keep getting in.
 */
final class CredentialRotation {
  enum Phase {
    STEADY,
    ADDING,
    SWITCHING,
    REMOVING
  }

  /** One command on one node. */
  sealed interface Step {
    String node();

    String user();
  }

  /** {@code ACL SETUSER <user> #<hash>}: accept one more password. */
  record AddHash(String node, String user, String hash) implements Step {}

  /** {@code ACL SETUSER <user> !<hash>}: stop accepting a password. */
  record RemoveHash(String node, String user, String hash) implements Step {}

  /** {@code ACL SETUSER <user> on #<hash>... <rules>}: a user the node does not have yet. */
  record CreateUser(String node, String user, Set<String> hashes, List<String> rules)
      implements Step {}

  /**
   * {@code ACL SETUSER <user> resetkeys resetchannels -@all <rules>}: the spec changed its rules.
   */
  record ApplyRules(String node, String user, List<String> rules) implements Step {}

  /** {@code ACL DELUSER <user>}: a user the spec no longer declares. */
  record DeleteUser(String node, String user) implements Step {}

  /** {@code CONFIG SET masterauth <the replication user's password>}. */
  record SwitchMasterauth(String node) implements Step {
    @Override
    public String user() {
      return AclFile.REPLICATION_USER;
    }
  }

  /**
   * @param wanted the hash each user's Secret holds now (a user whose Secret is missing is absent:
   *     it is left as it is)
   * @param rules each user's rules as the spec renders them
   * @param aclFile the aclfile Secret as it is (null: not written yet)
   * @param nodes the nodes whose pods exist
   * @param observed the users and hashes of each node that answered ({@code ACL LIST})
   * @param masterauth the hash of each answering node's {@code masterauth} (absent: none)
   * @param switchingSince per user, since when every node accepts the new password (from status)
   * @param grace per user, how long the clients get to switch (absent: none)
   */
  record Inputs(
      Map<String, String> wanted,
      Map<String, List<String>> rules,
      String aclFile,
      Collection<String> nodes,
      Map<String, Map<String, Set<String>>> observed,
      Map<String, String> masterauth,
      Instant now,
      Map<String, Instant> switchingSince,
      Map<String, Duration> grace) {
    /** Without grace periods: old passwords go as soon as every node has the new one. */
    Inputs(
        Map<String, String> wanted,
        Map<String, List<String>> rules,
        String aclFile,
        Collection<String> nodes,
        Map<String, Map<String, Set<String>>> observed,
        Map<String, String> masterauth) {
      this(wanted, rules, aclFile, nodes, observed, masterauth, Instant.EPOCH, Map.of(), Map.of());
    }
  }

  /**
   * @param aclFileHashes the hashes per user the aclfile Secret must hold after this round
   * @param aclFileRules the rules per user it must hold
   * @param steps this round's commands, in order
   * @param phases each user's phase (users not in STEADY are rotating)
   * @param pending the nodes that still hold a rotation back (lack a hash, or did not answer)
   * @param switchingSince per user in SWITCHING, since when (to keep in status)
   */
  record Plan(
      Map<String, Set<String>> aclFileHashes,
      Map<String, List<String>> aclFileRules,
      List<Step> steps,
      Map<String, Phase> phases,
      SortedSet<String> pending,
      Map<String, Instant> switchingSince) {
    Phase phase() {
      return phases.values().stream().max(Enum::compareTo).orElse(Phase.STEADY);
    }
  }

  private CredentialRotation() {}

  static Plan plan(Inputs in) {
    Map<String, Set<String>> fileHashes = AclFile.hashes(in.aclFile());
    Map<String, List<String>> fileRules = AclFile.rules(in.aclFile());
    Map<String, Set<String>> nextHashes = new TreeMap<>();
    Map<String, List<String>> nextRules = new TreeMap<>();
    List<Step> steps = new ArrayList<>();
    Map<String, Phase> phases = new LinkedHashMap<>();
    SortedSet<String> pending = new TreeSet<>();
    Map<String, Instant> switching = new TreeMap<>();
    SortedSet<String> unreachable = new TreeSet<>(in.nodes());
    unreachable.removeAll(in.observed().keySet());
    List<String> answering = new ArrayList<>(new TreeSet<>(in.observed().keySet()));

    for (var e : in.rules().entrySet()) {
      String user = e.getKey();
      List<String> rules = e.getValue();
      String want = in.wanted().get(user);
      Set<String> file = fileHashes.getOrDefault(user, Set.of());
      if (want == null) {
        // Its Secret is missing: change nothing, neither on the nodes nor in the file.
        nextHashes.put(user, new TreeSet<>(file));
        nextRules.put(user, fileRules.getOrDefault(user, rules));
        phases.put(user, Phase.STEADY);
        continue;
      }
      Set<String> withNew = new TreeSet<>(file);
      withNew.add(want);
      List<String> lacking = new ArrayList<>();
      for (String node : answering) {
        Set<String> held = in.observed().get(node).get(user);
        if (held == null) {
          steps.add(new CreateUser(node, user, withNew, rules));
          lacking.add(node);
        } else if (!held.contains(want)) {
          steps.add(new AddHash(node, user, want));
          lacking.add(node);
        }
      }
      // Rules: sent to every node that has the user while the file still records other rules;
      // the file records the new ones once no node can have missed them.
      boolean rulesChanged = !rules.equals(fileRules.get(user)) && in.aclFile() != null;
      if (rulesChanged) {
        for (String node : answering) {
          if (in.observed().get(node).containsKey(user)) {
            steps.add(new ApplyRules(node, user, rules));
          }
        }
      }
      nextRules.put(user, rulesChanged && !unreachable.isEmpty() ? fileRules.get(user) : rules);

      if (!lacking.isEmpty() || !unreachable.isEmpty()) {
        phases.put(user, Phase.ADDING);
        nextHashes.put(user, withNew);
        pending.addAll(lacking);
        pending.addAll(unreachable);
        continue;
      }
      boolean oldOnes =
          file.stream().anyMatch(h -> !h.equals(want))
              || answering.stream()
                  .anyMatch(
                      n -> in.observed().get(n).get(user).stream().anyMatch(h -> !h.equals(want)));
      if (user.equals(AclFile.REPLICATION_USER)) {
        List<String> toSwitch =
            answering.stream().filter(n -> !Objects.equals(in.masterauth().get(n), want)).toList();
        if (!toSwitch.isEmpty()) {
          toSwitch.forEach(n -> steps.add(new SwitchMasterauth(n)));
          phases.put(user, Phase.SWITCHING);
          nextHashes.put(user, withNew);
          pending.addAll(toSwitch);
          continue;
        }
      }
      Duration grace = in.grace().getOrDefault(user, Duration.ZERO);
      if (oldOnes && !grace.isZero()) {
        Instant since = in.switchingSince().getOrDefault(user, in.now());
        if (in.now().isBefore(since.plus(grace))) {
          phases.put(user, Phase.SWITCHING);
          switching.put(user, since);
          nextHashes.put(user, withNew);
          continue;
        }
      }
      boolean removing = oldOnes;
      for (String node : answering) {
        for (String held : new TreeSet<>(in.observed().get(node).get(user))) {
          if (!held.equals(want)) {
            steps.add(new RemoveHash(node, user, held));
            removing = true;
          }
        }
      }
      phases.put(user, removing ? Phase.REMOVING : Phase.STEADY);
      nextHashes.put(user, new TreeSet<>(Set.of(want)));
    }
    // Users the spec dropped: deleted from the nodes that answer; the file forgets them at once (a
    // node that restarts does not need them).
    for (String node : answering) {
      for (String user : new TreeSet<>(in.observed().get(node).keySet())) {
        if (!in.rules().containsKey(user) && !user.equals(AclFile.DEFAULT_USER)) {
          steps.add(new DeleteUser(node, user));
        }
      }
    }
    return new Plan(nextHashes, nextRules, steps, phases, pending, switching);
  }

  /** The aclfile text a plan asks for, in the order of {@code users}. */
  static String render(Plan plan, List<String> order) {
    List<AclFile.User> users = new ArrayList<>();
    for (String u : order) {
      users.add(
          new AclFile.User(
              u,
              plan.aclFileHashes().getOrDefault(u, Set.of()),
              plan.aclFileRules().getOrDefault(u, List.of())));
    }
    return AclFile.render(users);
  }
}
