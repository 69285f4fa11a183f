package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.api.AuthSpec;
import io.banyan.operator.api.SecretKeyRef;
import io.banyan.operator.model.AclFile;
import io.banyan.operator.node.Credentials;
import io.banyan.operator.node.NodeAdmin;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.reconcile.CredentialRotation.Phase;
import io.banyan.operator.reconcile.CredentialRotation.Plan;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Issue 14 item 4 at the node level, with redis-server 7.0 as the nodes (the reference for ACL
 * behaviour): a master and a replica load the rendered aclfile and take {@code masteruser}/{@code
 * masterauth} from an included file, as the pods do from the {@code <cluster>-acl} Secret. The
 * rotation decision ({@link CredentialRotation}) is driven round by round exactly as the operator
 * does — observe as {@code banyan-operator}, plan, write the aclfile, send the steps — while a SET
 * + WAIT writer runs and opens a fresh connection every few writes with the password it currently
 * holds. The writer switches to the new password when the plan says SWITCHING. Nothing may fail:
 * not a write, not a WAIT, not a new connection; the replica is restarted mid-rotation and its link
 * is cut after masterauth switched, and both still come back.
 */
class AclRotationIT {
  static final String OPERATOR_PW = "operator-secret";
  static final String APP_PW = "app-secret";

  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Process> byNode = new HashMap<>();
  private final NodeConnector connector = new NodeConnector(2000);
  private final Map<String, List<String>> rules = new LinkedHashMap<>();
  private final Map<String, String> passwords = new TreeMap<>();
  private Map<String, Instant> switchingSince = Map.of();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void passwordsRotateWithoutRefusingAWriteAConnectionOrAReplica() throws Exception {
    AuthSpec auth = appUser();
    for (AclFile.User u : users(auth, Map.of())) {
      rules.put(u.name(), u.rules());
    }
    passwords.put(AclFile.DEFAULT_USER, "old");
    passwords.put(AclFile.OPERATOR_USER, OPERATOR_PW);
    passwords.put(AclFile.REPLICATION_USER, "repl-old");
    passwords.put("app", APP_PW);
    writeFiles(initialFile(auth), "repl-old");
    start("a-0", null);
    start("a-1", "a-0");
    awaitLinked("a-1");

    AtomicReference<String> clientPassword = new AtomicReference<>("old");
    Writer writer = new Writer(ports.get("a-0"), clientPassword);
    Thread t = Thread.ofVirtual().start(writer);
    await().atMost(Duration.ofSeconds(20)).until(() -> writer.acked.get() > 50);

    // The default user's Secret changes; the replication user's too.
    passwords.put(AclFile.DEFAULT_USER, "new");
    passwords.put(AclFile.REPLICATION_USER, "repl-new");
    Plan p = round(Instant.now());
    assertThat(p.phases().get(AclFile.DEFAULT_USER)).isEqualTo(Phase.ADDING);

    // The replica restarts mid-rotation: it loads the aclfile, which now holds both hashes.
    restart("a-1", "a-0");
    awaitLinked("a-1");
    try (Jedis j = new Jedis("127.0.0.1", ports.get("a-1"), 2000)) {
      assertThat(j.auth("old")).isEqualTo("OK");
      assertThat(j.auth("new")).isEqualTo("OK");
    }

    boolean switched = false;
    Instant start = Instant.now();
    for (int i = 0; i < 50; i++) {
      Instant now = start.plusSeconds(i); // the grace period counted in rounds, not in sleeps
      p = round(now);
      if (!switched && p.phases().get(AclFile.DEFAULT_USER) == Phase.SWITCHING) {
        clientPassword.set("new"); // the application read the Secret's new value
        switched = true;
        // Masterauth switched on the replica: cut its link; it must get back in with the new one.
        try (Jedis m = new Jedis("127.0.0.1", ports.get("a-0"), 2000)) {
          m.auth("new"); // as an administrator: the operator's own user may not kill clients
          m.clientKill(
              new redis.clients.jedis.params.ClientKillParams()
                  .type(redis.clients.jedis.args.ClientType.REPLICA));
        }
        awaitLinked("a-1");
        long before = writer.acked.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.acked.get() > before + 20);
      }
      if (p.phase() == Phase.STEADY) {
        break;
      }
    }
    assertThat(switched).isTrue();
    assertThat(p.phase()).isEqualTo(Phase.STEADY);
    long before = writer.acked.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.acked.get() > before + 20);
    writer.stop.set(true);
    t.join();

    assertThat(writer.errors).as("writes, WAITs or new connections refused").isEmpty();
    for (String node : ports.keySet()) {
      try (Jedis j = new Jedis("127.0.0.1", ports.get(node), 2000)) {
        assertThatThrownBy(() -> j.auth("old")).hasMessageContaining("WRONGPASS");
        assertThat(j.auth("new")).isEqualTo("OK");
      }
    }
    assertThat(Files.readString(dir.resolve("users.acl")))
        .contains("#" + AclFile.hash("new"))
        .doesNotContain(AclFile.hash("old"), "new ", "old ");
    // A replica that restarts now comes back with only the new passwords.
    restart("a-1", "a-0");
    awaitLinked("a-1");
  }

  @Test
  void anApplicationUserWritesItsKeysAndGetsNopermElsewhere() throws Exception {
    AuthSpec auth = appUser();
    for (AclFile.User u : users(auth, Map.of())) {
      rules.put(u.name(), u.rules());
    }
    passwords.put(AclFile.DEFAULT_USER, "old");
    passwords.put(AclFile.OPERATOR_USER, OPERATOR_PW);
    passwords.put(AclFile.REPLICATION_USER, "repl");
    passwords.put("app", APP_PW);
    writeFiles(initialFile(auth), "repl");
    start("a-0", null);
    try (Jedis j = new Jedis("127.0.0.1", ports.get("a-0"), 2000)) {
      j.auth("app", APP_PW);
      assertThat(j.set("app:1", "x")).isEqualTo("OK");
      assertThatThrownBy(() -> j.set("other", "x"))
          .isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("NOPERM");
    }
    try (Jedis j = operatorConnection("a-0")) {
      assertThatThrownBy(() -> j.get("app:1")).hasMessageStartingWith("NOPERM");
      assertThat(j.info("replication")).contains("role:master");
    }
  }

  private static AuthSpec appUser() {
    AuthSpec auth = new AuthSpec();
    AuthSpec.AuthUser app = new AuthSpec.AuthUser();
    app.name = "app";
    app.rules = "~app:* +@all";
    app.passwordSecret = new SecretKeyRef();
    app.passwordSecret.secretName = "app";
    auth.users = List.of(app);
    return auth;
  }

  private String initialFile(AuthSpec auth) {
    Map<String, Set<String>> hashes = new HashMap<>();
    passwords.forEach((u, pw) -> hashes.put(u, Set.of(AclFile.hash(pw))));
    return AclFile.render(users(auth, hashes));
  }

  /** The rendered users, less {@code +banyan}: redis-server has no BANYAN command to allow. */
  private static List<AclFile.User> users(AuthSpec auth, Map<String, Set<String>> hashes) {
    return AclFile.users(auth, hashes).stream()
        .map(
            u ->
                new AclFile.User(
                    u.name(),
                    u.hashes(),
                    u.rules().stream().filter(r -> !r.equals("+banyan")).toList()))
        .toList();
  }

  /** What the operator does each round, with the aclfile on disk standing for the Secret. */
  private Plan round(Instant now) throws IOException {
    Map<String, Map<String, Set<String>>> observed = new TreeMap<>();
    Map<String, String> masterauth = new TreeMap<>();
    for (String node : ports.keySet()) {
      try (NodeAdmin admin =
          connector.connectAs(
              "127.0.0.1", ports.get(node), new Credentials(AclFile.OPERATOR_USER, OPERATOR_PW))) {
        AclCommands.Held held = AclCommands.observe(admin, rules.keySet());
        observed.put(node, held.users());
        if (held.masterauthHash() != null) {
          masterauth.put(node, held.masterauthHash());
        }
      }
    }
    Map<String, String> wanted = new TreeMap<>();
    passwords.forEach((u, pw) -> wanted.put(u, AclFile.hash(pw)));
    Plan plan =
        CredentialRotation.plan(
            new CredentialRotation.Inputs(
                wanted,
                rules,
                Files.readString(dir.resolve("users.acl")),
                ports.keySet(),
                observed,
                masterauth,
                now,
                switchingSince,
                Map.of(AclFile.DEFAULT_USER, Duration.ofSeconds(3))));
    switchingSince = plan.switchingSince();
    Phase repl = plan.phases().get(AclFile.REPLICATION_USER);
    writeFiles(
        CredentialRotation.render(plan, List.copyOf(rules.keySet())),
        repl == Phase.ADDING ? "repl-old" : passwords.get(AclFile.REPLICATION_USER));
    for (CredentialRotation.Step step : plan.steps()) {
      try (NodeAdmin admin =
          connector.connectAs(
              "127.0.0.1",
              ports.get(step.node()),
              new Credentials(AclFile.OPERATOR_USER, OPERATOR_PW))) {
        AclCommands.apply(admin, step, passwords.get(AclFile.REPLICATION_USER));
      }
    }
    return plan;
  }

  private void writeFiles(String aclFile, String replicationPassword) throws IOException {
    Files.writeString(dir.resolve("users.acl"), aclFile);
    Files.writeString(
        dir.resolve("replication.conf"),
        "masteruser " + AclFile.REPLICATION_USER + "\nmasterauth " + replicationPassword + "\n");
  }

  private Jedis operatorConnection(String node) {
    Jedis j = new Jedis("127.0.0.1", ports.get(node), 2000);
    j.auth(AclFile.OPERATOR_USER, OPERATOR_PW);
    return j;
  }

  private void start(String node, String master) throws Exception {
    int port = ports.containsKey(node) ? ports.get(node) : freePort();
    Path data = Files.createDirectories(dir.resolve(node));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--port",
                "" + port,
                "--bind",
                "127.0.0.1",
                "--dir",
                data.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--repl-diskless-sync-delay",
                "0",
                "--aclfile",
                dir.resolve("users.acl").toString(),
                "--include",
                dir.resolve("replication.conf").toString()));
    if (master != null) {
      cmd.addAll(List.of("--replicaof", "127.0.0.1", "" + ports.get(master)));
    }
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("log").toFile())
            .start();
    processes.add(p);
    byNode.put(node, p);
    ports.put(node, port);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              try (Jedis j = operatorConnection(node)) {
                return j.ping().equals("PONG");
              }
            });
  }

  private void restart(String node, String master) throws Exception {
    Process p = byNode.get(node);
    p.destroy();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    start(node, master);
  }

  private void awaitLinked(String node) {
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              try (Jedis j = operatorConnection(node)) {
                return j.info("replication").contains("master_link_status:up");
              }
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** SET + WAIT 1; every 10th write also opens a new connection with the current password. */
  static final class Writer implements Runnable {
    final int port;
    final AtomicReference<String> password;
    final AtomicLong acked = new AtomicLong();
    final AtomicBoolean stop = new AtomicBoolean();
    final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());

    Writer(int port, AtomicReference<String> password) {
      this.port = port;
      this.password = password;
    }

    @Override
    public void run() {
      Jedis j = connect();
      for (long i = 0; !stop.get(); i++) {
        try {
          j.set("k" + i, "" + i);
          long replicas = j.waitReplicas(1, 10_000); // a replica restart takes well under that
          if (replicas < 1) {
            errors.add("WAIT " + i + ": " + replicas);
          }
          acked.incrementAndGet();
          if (i % 10 == 0) {
            try (Jedis fresh = connect()) {
              fresh.set("fresh" + i, "" + i);
            }
          }
        } catch (RuntimeException e) {
          errors.add(i + ": " + e.getMessage());
          j.close();
          j = connect();
        }
      }
      j.close();
    }

    private Jedis connect() {
      Jedis j = new Jedis("127.0.0.1", port, 5000);
      j.auth(password.get());
      return j;
    }
  }
}
