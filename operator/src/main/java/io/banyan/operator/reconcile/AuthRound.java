package io.banyan.operator.reconcile;

import io.banyan.operator.api.AuthSpec;
import io.banyan.operator.api.SecretKeyRef;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.model.AclFile;
import io.banyan.operator.model.AuthObjects;
import io.banyan.operator.model.ObjectNames;
import io.banyan.operator.node.Credentials;
import io.banyan.operator.reconcile.CredentialRotation.Phase;
import io.banyan.operator.reconcile.CredentialRotation.Plan;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster's users, one round: the Secrets they live in exist before any pod refers to them, and
 * {@link CredentialRotation} brings the nodes to what the Secrets say. The operator talks to the
 * nodes as its own user {@code banyan-operator}, whose password no user Secret holds, so a rotation
 * of the default user's password never blinds the failure detector.
 *
 * <p>Secrets: {@code <cluster>-auth} (the default user's password when spec.auth names none),
 * {@code <cluster>-operator-credentials} (the operator's and the replicas' users), {@code
 * <cluster>-acl} (what the nodes load: the aclfile, hashes only, and the replication file). All
 * three are created once and owned by the StoreCluster; only the aclfile Secret is updated.
 */
final class AuthRound {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The nodes that hold the operator's user with its password after this round's steps. */
  private final Set<String> withOwnUser = new java.util.TreeSet<>();

  Set<String> nodesWithOwnUser() {
    return withOwnUser;
  }

  /** The operator's own users' passwords. */
  record OwnPasswords(String operator, String replication) {}

  private final StoreCluster sc;
  private final ClusterResources resources;
  private final ClusterMemory memory;
  private final ClusterEvents events;
  private final Instant now;

  AuthRound(
      StoreCluster sc,
      ClusterResources resources,
      ClusterMemory memory,
      ClusterEvents events,
      Instant now) {
    this.sc = sc;
    this.resources = resources;
    this.memory = memory;
    this.events = events;
    this.now = now;
  }

  private String namespace() {
    return sc.getMetadata().getNamespace();
  }

  private String cluster() {
    return sc.getMetadata().getName();
  }

  /** Before any pod is created: every Secret a pod or the operator needs exists. */
  void prepare() {
    ensureGeneratedPassword();
    own();
    if (memory.aclFile() == null) {
      Map<String, String> stored = resources.secretValues(namespace(), aclSecretName());
      if (stored != null && stored.get(AclFile.KEY) != null) {
        memory.aclFile(stored.get(AclFile.KEY));
      } else {
        Map<String, Set<String>> hashes = new HashMap<>();
        wanted().forEach((user, hash) -> hashes.put(user, Set.of(hash)));
        String file = AclFile.render(AclFile.users(sc.getSpec().auth, hashes));
        resources.ensureSecret(sc, aclSecret(file));
        memory.aclFile(file);
      }
    }
  }

  /** How the operator authenticates: its own user. */
  Credentials operatorCredentials() {
    return new Credentials(AclFile.OPERATOR_USER, own().operator());
  }

  /** The replicas' password ({@code masterauth}); also what a restore's source checks. */
  String replicationPassword() {
    return own().replication();
  }

  /**
   * One rotation round over the nodes whose pods exist ({@code nodes}; those without an address
   * count as unreachable): observe, plan, write the aclfile Secret, send the steps.
   */
  StoreClusterStatus.AuthStatus rotate(
      Collection<String> nodes, Map<String, String> addresses, NodeCommands commands) {
    Map<String, List<String>> rules = new LinkedHashMap<>();
    for (AclFile.User u : AclFile.users(sc.getSpec().auth, Map.of())) {
      rules.put(u.name(), u.rules());
    }
    Map<String, Map<String, Set<String>>> observed = new TreeMap<>();
    Map<String, String> masterauth = new TreeMap<>();
    for (String node : nodes) {
      if (addresses.get(node) == null) {
        continue;
      }
      AclCommands.Held[] held = new AclCommands.Held[1];
      String error =
          commands.run(node, admin -> held[0] = AclCommands.observe(admin, rules.keySet()));
      if (error == null) {
        observed.put(node, held[0].users());
        if (held[0].masterauthHash() != null) {
          masterauth.put(node, held[0].masterauthHash());
        }
      }
    }
    StoreClusterStatus.AuthStatus previous = sc.getStatus() == null ? null : sc.getStatus().auth;
    Map<String, Instant> since = new TreeMap<>();
    if (previous != null && previous.switchingSince != null) {
      previous.switchingSince.forEach((u, t) -> since.put(u, Instant.parse(t)));
    }
    AuthSpec auth = sc.getSpec().auth;
    Duration grace =
        Duration.ofSeconds(
            auth == null || auth.switchGraceSeconds == null ? 300 : auth.switchGraceSeconds);
    Map<String, Duration> graces = new HashMap<>();
    rules.keySet().stream()
        .filter(u -> !u.equals(AclFile.OPERATOR_USER) && !u.equals(AclFile.REPLICATION_USER))
        .forEach(u -> graces.put(u, grace));
    Plan plan =
        CredentialRotation.plan(
            new CredentialRotation.Inputs(
                wanted(),
                rules,
                memory.aclFile(),
                nodes,
                observed,
                masterauth,
                now,
                since,
                graces));
    String file = CredentialRotation.render(plan, List.copyOf(rules.keySet()));
    if (!file.equals(memory.aclFile())) {
      try {
        resources.updateSecret(aclSecret(file));
        memory.aclFile(file);
      } catch (KubernetesClientException e) {
        memory.aclFile(null); // read it again next round
        events.warning(
            sc, "AclFileNotWritten", "Secret " + aclSecretName() + ": HTTP " + e.getCode());
        return status(plan, previous);
      }
    }
    // One session per node for all its steps: a connection stays signed in when the user it
    // signed in as gets a password, so adding the default user's first password cannot lock the
    // rest of the steps out.
    Map<String, List<CredentialRotation.Step>> byNode = new TreeMap<>();
    plan.steps().forEach(st -> byNode.computeIfAbsent(st.node(), n -> new ArrayList<>()).add(st));
    byNode.forEach(
        (node, steps) -> {
          String error =
              commands.run(
                  node,
                  admin -> {
                    for (CredentialRotation.Step step : steps) {
                      AclCommands.apply(admin, step, replicationPassword());
                    }
                  });
          if (error != null) {
            events.warning(sc, "AclNotApplied", error);
          } else {
            boolean ownUserNow =
                observed.get(node).containsKey(AclFile.OPERATOR_USER)
                    || steps.stream().anyMatch(st -> st.user().equals(AclFile.OPERATOR_USER));
            if (ownUserNow) {
              withOwnUser.add(node);
            }
          }
        });
    observed.forEach(
        (node, users) -> {
          Set<String> own = users.get(AclFile.OPERATOR_USER);
          if (own != null && own.contains(AclFile.hash(own().operator()))) {
            withOwnUser.add(node);
          }
        });
    StoreClusterStatus.AuthStatus next = status(plan, previous);
    if (previous == null || !java.util.Objects.equals(previous.phase, next.phase)) {
      events.normal(
          sc,
          "Credentials" + next.phase,
          "users "
              + rotating(plan)
              + (plan.pending().isEmpty() ? "" : ", waiting for " + plan.pending()));
    }
    return next;
  }

  private static List<String> rotating(Plan plan) {
    List<String> users = new ArrayList<>();
    plan.phases()
        .forEach(
            (u, p) -> {
              if (p != Phase.STEADY) {
                users.add(u + ": " + p);
              }
            });
    return users;
  }

  private StoreClusterStatus.AuthStatus status(Plan plan, StoreClusterStatus.AuthStatus previous) {
    SecretKeyRef ref = AuthObjects.defaultPassword(sc.getSpec(), cluster());
    StoreClusterStatus.AuthStatus s = new StoreClusterStatus.AuthStatus();
    s.secretName = ref.secretName;
    s.key = ref.key;
    Phase phase = plan.phase();
    s.phase = phase.name().charAt(0) + phase.name().substring(1).toLowerCase();
    String wantedDefault = wanted().get(AclFile.DEFAULT_USER);
    s.passwordHashPrefix = wantedDefault == null ? null : wantedDefault.substring(0, 8);
    s.nodesPending = plan.pending().isEmpty() ? null : List.copyOf(plan.pending());
    if (!plan.switchingSince().isEmpty()) {
      s.switchingSince = new TreeMap<>();
      plan.switchingSince().forEach((u, t) -> s.switchingSince.put(u, t.toString()));
    }
    return s;
  }

  /** The hash each user's Secret holds now (a user whose Secret is missing is absent). */
  private Map<String, String> wanted() {
    Map<String, String> wanted = new TreeMap<>();
    String defaultPassword = defaultPassword(false);
    if (defaultPassword != null) {
      wanted.put(AclFile.DEFAULT_USER, AclFile.hash(defaultPassword));
    }
    wanted.put(AclFile.OPERATOR_USER, AclFile.hash(own().operator()));
    wanted.put(AclFile.REPLICATION_USER, AclFile.hash(own().replication()));
    AuthSpec auth = sc.getSpec().auth;
    if (auth != null && auth.users != null) {
      for (AuthSpec.AuthUser u : auth.users) {
        SecretKeyRef ref = u.passwordSecret;
        if (ref == null || ref.secretName == null) {
          continue;
        }
        String key = ref.key == null ? "password" : ref.key;
        String pw =
            memory
                .userSecret(u.name)
                .password(
                    ref, now, false, () -> resources.secretValue(namespace(), ref.secretName, key));
        if (pw != null) {
          wanted.put(u.name, AclFile.hash(pw));
        }
      }
    }
    return wanted;
  }

  /** The default user's password, read again only when due (see {@link AuthSecret}). */
  String defaultPassword(boolean rejected) {
    SecretKeyRef ref = AuthObjects.defaultPassword(sc.getSpec(), cluster());
    return memory
        .authSecret()
        .password(
            ref, now, rejected, () -> resources.secretValue(namespace(), ref.secretName, ref.key));
  }

  /**
   * The operator's own users' passwords: read once per process from their Secret, generated when
   * there is none. A deleted Secret is made again with the values this process knows, never new
   * ones: the nodes would not accept them.
   */
  private OwnPasswords own() {
    OwnPasswords known = memory.ownPasswords();
    if (known != null) {
      return known;
    }
    String name = ObjectNames.operatorCredentials(cluster());
    Map<String, String> stored = resources.secretValues(namespace(), name);
    if (stored != null
        && stored.get(AclFile.OPERATOR_USER) != null
        && stored.get(AclFile.REPLICATION_USER) != null) {
      known =
          new OwnPasswords(stored.get(AclFile.OPERATOR_USER), stored.get(AclFile.REPLICATION_USER));
    } else {
      known =
          new OwnPasswords(AuthObjects.randomPassword(RANDOM), AuthObjects.randomPassword(RANDOM));
      resources.ensureSecret(
          sc,
          AuthObjects.ownedSecret(
              sc,
              name,
              Map.of(
                  AclFile.OPERATOR_USER, known.operator(),
                  AclFile.REPLICATION_USER, known.replication())));
      Map<String, String> reread = resources.secretValues(namespace(), name);
      if (reread != null && reread.get(AclFile.OPERATOR_USER) != null) {
        // Someone (a previous operator process) made it first: theirs is what the nodes know.
        known =
            new OwnPasswords(
                reread.get(AclFile.OPERATOR_USER), reread.get(AclFile.REPLICATION_USER));
      }
    }
    memory.ownPasswords(known);
    return known;
  }

  private String aclSecretName() {
    return ObjectNames.aclFile(cluster());
  }

  private io.fabric8.kubernetes.api.model.Secret aclSecret(String file) {
    return AuthObjects.ownedSecret(
        sc,
        aclSecretName(),
        Map.of(
            AclFile.KEY,
            file,
            AclFile.REPLICATION_KEY,
            AclFile.replicationFile(replicationPassword())));
  }

  /**
   * When the spec names no password Secret, the operator makes {@code <cluster>-auth} with a random
   * password before any pod refers to it; once per operator process, so a user deleting it gets a
   * new one on the next operator start (a rotation).
   */
  private void ensureGeneratedPassword() {
    if (!AuthObjects.generated(sc.getSpec()) || memory.generatedSecretEnsured()) {
      return;
    }
    String name = ObjectNames.generatedAuth(cluster());
    boolean ours =
        resources.ensureSecret(
            sc,
            AuthObjects.ownedSecret(
                sc, name, Map.of(AuthObjects.PASSWORD_KEY, AuthObjects.randomPassword(RANDOM))));
    if (!ours) {
      events.warning(
          sc,
          "PasswordSecretNotOwned",
          "Secret "
              + name
              + " exists and is not owned by this StoreCluster; its "
              + AuthObjects.PASSWORD_KEY
              + " key is used as the password");
    }
    memory.generatedSecretEnsured(true);
  }
}
