package io.banyan.operator.reconcile;

import io.banyan.operator.model.AclFile;
import io.banyan.operator.node.NodeAdmin;
import io.banyan.operator.reconcile.CredentialRotation.AddHash;
import io.banyan.operator.reconcile.CredentialRotation.ApplyRules;
import io.banyan.operator.reconcile.CredentialRotation.CreateUser;
import io.banyan.operator.reconcile.CredentialRotation.DeleteUser;
import io.banyan.operator.reconcile.CredentialRotation.RemoveHash;
import io.banyan.operator.reconcile.CredentialRotation.Step;
import io.banyan.operator.reconcile.CredentialRotation.SwitchMasterauth;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The wire side of {@link CredentialRotation}: reads what a node holds ({@code ACL USERS}, {@code
 * ACL GETUSER}, {@code CONFIG GET masterauth}) and carries out one step. Passwords travel only as
 * hashes ({@code #<sha256>} adds one, {@code !<sha256>} removes one), except {@code masterauth},
 * which a replica must send in clear.
 */
final class AclCommands {
  private AclCommands() {}

  /**
   * What a node holds: each of its users with its password hashes (only the {@code wanted} users'
   * hashes are asked for; the others are listed with none, enough to delete them), and the hash of
   * its {@code masterauth} (null when it has none).
   */
  record Held(Map<String, Set<String>> users, String masterauthHash) {}

  static Held observe(NodeAdmin admin, Collection<String> wanted) throws IOException {
    Map<String, Set<String>> users = new TreeMap<>();
    for (String user : admin.aclUsers()) {
      users.put(user, wanted.contains(user) ? admin.aclPasswordHashes(user) : Set.of());
    }
    String masterauth = admin.configGet(List.of("masterauth")).get("masterauth");
    return new Held(
        users, masterauth == null || masterauth.isEmpty() ? null : AclFile.hash(masterauth));
  }

  /**
   * Sends one step; {@code replicationPassword} is the replication user's password now in its
   * Secret (what {@code masterauth} becomes).
   */
  static void apply(NodeAdmin admin, Step step, String replicationPassword) throws IOException {
    switch (step) {
      case AddHash a -> admin.aclSetUser(a.user(), List.of("#" + a.hash()));
      case RemoveHash r -> admin.aclSetUser(r.user(), List.of("!" + r.hash()));
      case CreateUser c -> {
        List<String> rules = new ArrayList<>(List.of("reset", "on"));
        c.hashes().forEach(h -> rules.add("#" + h));
        rules.addAll(c.rules());
        admin.aclSetUser(c.user(), rules);
      }
      case ApplyRules r -> {
        List<String> rules = new ArrayList<>(List.of("resetkeys", "resetchannels", "nocommands"));
        rules.addAll(r.rules());
        admin.aclSetUser(r.user(), rules);
      }
      case DeleteUser d -> admin.aclDelUser(d.user());
      case SwitchMasterauth s -> {
        admin.configSet("masteruser", AclFile.REPLICATION_USER);
        admin.configSet("masterauth", replicationPassword);
      }
    }
  }
}
