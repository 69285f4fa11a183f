package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.AuthSpec;
import io.banyan.operator.api.SecretKeyRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The aclfile holds users and hashes, never a password, and reads back as it was rendered. */
class AclFileTest {
  @Test
  void theHashIsRedissSha256Hex() {
    // echo -n foo | sha256sum
    assertThat(AclFile.hash("foo"))
        .isEqualTo("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
  }

  @Test
  void everyUserGetsALineWithItsHashesAndRulesAndNoPassword() {
    AuthSpec auth = new AuthSpec();
    AuthSpec.AuthUser app = new AuthSpec.AuthUser();
    app.name = "app";
    app.rules = " ~app:*   +@all ";
    app.passwordSecret = new SecretKeyRef();
    app.passwordSecret.secretName = "app";
    auth.users = List.of(app);
    String old = AclFile.hash("old");
    String now = AclFile.hash("new");
    String file =
        AclFile.render(
            AclFile.users(
                auth,
                Map.of(
                    "default", Set.of(now, old),
                    "banyan-operator", Set.of(AclFile.hash("op")),
                    "banyan-replication", Set.of(AclFile.hash("repl")),
                    "app", Set.of(AclFile.hash("app")))));
    assertThat(file)
        .doesNotContain("old", "new", " op", "repl ")
        .startsWith(
            "user default on #"
                + (now.compareTo(old) < 0 ? now + " #" + old : old + " #" + now)
                + " ~* &* +@all\n")
        .contains("\nuser app on #" + AclFile.hash("app") + " ~app:* +@all\n")
        .contains("user banyan-replication on #" + AclFile.hash("repl"))
        .contains("-@all +psync +replconf +ping\n");
    assertThat(file.lines()).hasSize(4);
    assertThat(AclFile.hashes(file).get("default")).containsExactlyInAnyOrder(old, now);
    assertThat(AclFile.rules(file).get("app")).containsExactly("~app:*", "+@all");
  }

  @Test
  void aUserWithoutAPasswordIsOffNotOpen() {
    String file = AclFile.render(AclFile.users(null, Map.of()));
    assertThat(file).startsWith("user default off ~* &* +@all\n").doesNotContain("nopass");
  }

  @Test
  void theOperatorsUserMayRunOnlyWhatTheOperatorSends() {
    assertThat(AclFile.OPERATOR_RULES)
        .startsWith("resetkeys", "resetchannels", "-@all")
        .contains("+info", "+banyan", "+config|set", "+failover", "+acl|setuser", "+psync")
        .noneMatch(r -> r.startsWith("+@") || r.startsWith("~") || r.startsWith("&"));
  }
}
