package io.banyan.node.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.config.ConfigException;
import io.banyan.node.config.ConfigLoader;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessNode;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aclfile, ACL LOAD and ACL SAVE, and the users a node starts with. */
class AclFileTest {
  @TempDir Path dir;

  private static List<String> list(InProcessClient c) {
    return ((List<?>) c.call("ACL", "LIST")).stream().map(RespClient::str).toList();
  }

  @Test
  void theNodeStartsWithTheFilesUsersAndSavesAndReloadsThem() throws Exception {
    Path file = dir.resolve("users.acl");
    Files.writeString(
        file,
        "user default on nopass ~* &* +@all\n\nuser alice on >pw ~app:* resetchannels +get\n");
    try (InProcessNode node = new InProcessNode(c -> c.aclFile = file.toString())) {
      InProcessClient c = node.client();
      assertThat(list(c))
          .containsExactly(
              "user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4"
                  + " ~app:* resetchannels -@all +get",
              "user default on nopass ~* &* +@all");
      InProcessClient alice = node.client();
      assertThat(alice.call("AUTH", "alice", "pw")).isEqualTo("OK");

      c.call("ACL", "SETUSER", "bob", "on", "nopass", "+ping");
      assertThat(c.call("ACL", "SAVE")).isEqualTo("OK");
      assertThat(Files.readAllLines(file))
          .hasSize(3)
          .contains("user bob on nopass resetchannels -@all +ping");

      // A broken file changes nothing and names every bad line.
      Files.writeString(file, "user carol on +nosuch\nnonsense\nuser carol on\n");
      Object refused = c.call("ACL", "LOAD");
      assertThat(refused)
          .isEqualTo(
              new Err(
                  "ERR "
                      + file
                      + ":1: Error in applying operation '+nosuch': Unknown command or category"
                      + " name in ACL. "
                      + file
                      + ":2 should start with user keyword followed by the username. WARNING:"
                      + " Duplicate user 'carol' found on line 3. WARNING: ACL errors detected,"
                      + " no change to the previously active ACL rules was performed"));
      assertThat(list(c)).hasSize(3);

      // A good one replaces every user; clients of the old users are disconnected.
      Files.writeString(file, "user carol on nopass +@all ~*\n");
      assertThat(c.call("ACL", "LOAD")).isEqualTo("OK");
      assertThat(list(c))
          .containsExactly(
              "user carol on nopass ~* resetchannels +@all", "user default on nopass ~* &* +@all");
      assertThat(alice.isClosedByServer()).isTrue();
    }
  }

  @Test
  void configRewriteWritesTheUsersAsUserLines() {
    ServerConfig config = new ServerConfig();
    String old = "port 6379\nuser old1 on nopass\n# keep me\nuser old2 off\n";
    String rewritten =
        io.banyan.node.config.ConfigRewriter.rewrite(
            old,
            config.registry(),
            List.of(
                "user alice on nopass resetchannels -@all",
                "user default on nopass ~* &* +@all",
                "user zed off resetchannels -@all"));
    assertThat(rewritten.lines().toList())
        .containsSubsequence(
            "user alice on nopass resetchannels -@all",
            "# keep me",
            "user default on nopass ~* &* +@all",
            "user zed off resetchannels -@all")
        .doesNotContain("user old1 on nopass", "user old2 off");
    // With an aclfile the users live there: the user lines go.
    assertThat(io.banyan.node.config.ConfigRewriter.rewrite(old, config.registry(), List.of()))
        .doesNotContain("user ");
  }

  @Test
  void loadAndSaveNeedAnAclFile() {
    try (InProcessNode node = new InProcessNode()) {
      Object reply = node.client().call("ACL", "LOAD");
      assertThat(((Err) reply).message())
          .startsWith("ERR This Redis instance is not configured to use an ACL file.");
    }
  }

  @Test
  void userLinesAndAnAclFileCannotBeMixed() {
    assertThatThrownBy(
            () ->
                new InProcessNode(
                    c -> {
                      c.aclFile = dir.resolve("users.acl").toString();
                      c.userDirectives = List.of(List.of("alice", "on"));
                    }))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("declare them in one place only");
  }

  @Test
  void aBadUserLineStopsStartUpNamingTheLine() {
    ServerConfig config = new ServerConfig();
    new ConfigLoader(config)
        .loadText("port 0\nuser alice on >pw\nuser bob on ~a ~* ~b\n", "redis.conf")
        .finish();
    assertThatThrownBy(
            () ->
                new InProcessNode(
                    c -> {
                      c.userDirectives = config.userDirectives;
                      c.userDirectiveSources = config.userDirectiveSources;
                    }))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Fatal config error in redis.conf line 3: 'user bob on ~a ~* ~b': ")
        .hasMessageContaining("Adding a pattern after the * pattern");
  }

  @Test
  void userLinesDefineUsersAndTheDefaultUserStartsFromReset() {
    try (InProcessNode node =
        new InProcessNode(
            c -> {
              c.requirePass = "ignored";
              c.userDirectives =
                  List.of(
                      List.of("default", "on", ">adminpw", "+@all", "~*"),
                      List.of("app", "on", ">apppw", "+get", "~app:*"));
            })) {
      InProcessClient c = node.client();
      assertThat(c.call("AUTH", "adminpw")).isEqualTo("OK");
      assertThat(list(c))
          .containsExactly(
              "user app on #"
                  + User.hash("apppw".getBytes(StandardCharsets.UTF_8))
                  + " ~app:* resetchannels -@all +get",
              "user default on sanitize-payload #"
                  + User.hash("adminpw".getBytes(StandardCharsets.UTF_8))
                  + " ~* resetchannels +@all");
    }
  }
}
