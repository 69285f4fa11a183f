package io.banyan.node.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ACL users and commands, in the spirit of Redis 7.0's acl.tcl and auth.tcl. */
class AclCommandsTest extends InProcessTestBase {
  private static final Err WRONGPASS =
      new Err("WRONGPASS invalid username-password pair or user is disabled.");

  @AfterEach
  void resetUsers() {
    InProcessClient admin = client();
    for (Object name : (List<?>) admin.call("ACL", "USERS")) {
      if (!RespClient.str(name).equals("default")) {
        admin.call("ACL", "DELUSER", RespClient.str(name));
      }
    }
    admin.call("ACL", "SETUSER", "default", "on", "nopass", "~*", "&*", "+@all", "clearselectors");
    admin.call("ACL", "LOG", "RESET");
  }

  private static String str(Object o) {
    return RespClient.str(o);
  }

  @Test
  void aNewUserIsOffWithNoPermissions() {
    InProcessClient c = client();
    assertThat(c.call("ACL", "SETUSER", "newuser")).isEqualTo("OK");
    List<?> u = (List<?>) c.call("ACL", "GETUSER", "newuser");
    assertThat(u.stream().map(RespClient::str).toList().subList(0, 1)).containsExactly("flags");
    assertThat((List<?>) u.get(1)).map(RespClient::str).containsExactly("off");
    assertThat((List<?>) u.get(3)).isEmpty();
    assertThat(str(u.get(5))).isEqualTo("-@all");
    assertThat(str(u.get(7))).isEmpty();
    assertThat(str(u.get(9))).isEmpty();
    assertThat(str(u.get(10))).isEqualTo("selectors");
    assertThat(c.call("AUTH", "newuser", "passwd1")).isEqualTo(WRONGPASS);
  }

  @Test
  void usersAuthenticateWithAnyOfTheirPasswords() {
    InProcessClient admin = client();
    admin.call("ACL", "SETUSER", "newuser", "on", ">passwd1", ">passwd2", "+acl");
    InProcessClient c = client();
    assertThat(c.call("AUTH", "newuser", "passwd1")).isEqualTo("OK");
    assertThat(str(c.call("ACL", "WHOAMI"))).isEqualTo("newuser");
    assertThat(c.call("AUTH", "newuser", "passwd2")).isEqualTo("OK");
    assertThat(c.call("AUTH", "newuser", "passwd3")).isEqualTo(WRONGPASS);
    // Removing a password does not sign out the clients that used it (rotation relies on this).
    admin.call("ACL", "SETUSER", "newuser", "<passwd1", "<passwd2", ">passwd3");
    assertThat(str(c.call("ACL", "WHOAMI"))).isEqualTo("newuser");
    assertThat(c.call("AUTH", "newuser", "passwd1")).isEqualTo(WRONGPASS);
    assertThat(c.call("AUTH", "newuser", "passwd3")).isEqualTo("OK");
    assertThat(admin.call("ACL", "SETUSER", "newuser", "<nosuchpassword"))
        .isEqualTo(
            new Err(
                "ERR Error in ACL SETUSER modifier '<nosuchpassword': The password you are"
                    + " trying to remove from the user does not exist"));
  }

  @Test
  void disabledUsersCannotAuthenticate() {
    InProcessClient admin = client();
    admin.call("ACL", "SETUSER", "u", "off", ">pw", "+@all");
    InProcessClient c = client();
    assertThat(c.call("AUTH", "u", "pw")).isEqualTo(WRONGPASS);
    admin.call("ACL", "SETUSER", "u", "on");
    assertThat(c.call("AUTH", "u", "pw")).isEqualTo("OK");
  }

  @Test
  void passwordsAreStoredHashedAndHashesAreChecked() {
    InProcessClient c = client();
    c.call("ACL", "SETUSER", "u", "on", ">pw");
    List<?> u = (List<?>) c.call("ACL", "GETUSER", "u");
    assertThat((List<?>) u.get(3))
        .map(RespClient::str)
        .containsExactly("30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4");
    assertThat(c.call("ACL", "SETUSER", "u", "#abc"))
        .isEqualTo(
            new Err(
                "ERR Error in ACL SETUSER modifier '#abc': The password hash must be exactly 64"
                    + " characters and contain only lowercase hexadecimal characters"));
    assertThat(
            c.call(
                "ACL",
                "SETUSER",
                "u",
                "!30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4"))
        .isEqualTo("OK");
    assertThat((List<?>) ((List<?>) c.call("ACL", "GETUSER", "u")).get(3)).isEmpty();
  }

  @Test
  void setUserIsAllOrNothing() {
    InProcessClient c = client();
    c.call("ACL", "SETUSER", "u", "on", ">pw", "~k");
    assertThat(c.call("ACL", "SETUSER", "u", ">other", "+nosuchcommand"))
        .isEqualTo(
            new Err(
                "ERR Error in ACL SETUSER modifier '+nosuchcommand': Unknown command or category"
                    + " name in ACL"));
    assertThat((List<?>) ((List<?>) c.call("ACL", "GETUSER", "u")).get(3)).hasSize(1);
    assertThat(c.call("ACL", "SETUSER", "u", "~*", "~x"))
        .isEqualTo(
            new Err(
                "ERR Error in ACL SETUSER modifier '~x': Adding a pattern after the * pattern (or"
                    + " the 'allkeys' flag) is not valid and does not have any effect. Try"
                    + " 'resetkeys' to start with an empty list of patterns"));
    assertThat(c.call("ACL", "SETUSER", "bad user"))
        .isEqualTo(new Err("ERR Usernames can't contain spaces or null characters"));
    assertThat(c.call("ACL", "SETUSER", "u", "(+get", "~x"))
        .isEqualTo(new Err("ERR Unmatched parenthesis in acl selector starting at '(+get'."));
  }

  @Test
  void listDescribesUsersAsConfigurationLines() {
    InProcessClient c = client();
    c.call("ACL", "SETUSER", "u", "on", "nopass", "~obj:*", "%R~ro:*", "&chan", "-@all", "+get");
    c.call("ACL", "SETUSER", "u", "(+set ~w:*)");
    List<?> list = (List<?>) c.call("ACL", "LIST");
    assertThat(list)
        .map(RespClient::str)
        .containsExactly(
            "user default on nopass ~* &* +@all",
            "user u on nopass ~obj:* %R~ro:* resetchannels &chan -@all +get (~w:* resetchannels"
                + " -@all +set)");
    assertThat(c.call("ACL", "USERS"))
        .asList()
        .map(RespClient::str)
        .containsExactly("default", "u");
  }

  @Test
  void deletingAUserDisconnectsItsClientsAndTheDefaultUserStays() {
    InProcessClient admin = client();
    admin.call("ACL", "SETUSER", "u", "on", ">pw", "+@all", "~*");
    InProcessClient c = client();
    c.call("AUTH", "u", "pw");
    assertThat(admin.call("ACL", "DELUSER", "default"))
        .isEqualTo(new Err("ERR The 'default' user cannot be removed"));
    assertThat(admin.call("ACL", "DELUSER", "u", "nosuchuser")).isEqualTo(1L);
    assertThat(c.isClosedByServer()).isTrue();
  }

  @Test
  void commandsKeysAndChannelsAreEnforcedWithRedisTexts() {
    InProcessClient admin = client();
    admin.call("ACL", "SETUSER", "u", "on", ">pw", "+get", "+set", "+publish", "~obj:*", "&ch:*");
    InProcessClient c = client();
    c.call("AUTH", "u", "pw");
    assertThat(c.call("SET", "obj:1", "v")).isEqualTo("OK");
    assertThat(c.call("SET", "other", "v"))
        .isEqualTo(
            new Err(
                "NOPERM this user has no permissions to access one of the keys used as"
                    + " arguments"));
    assertThat(c.call("DEL", "obj:1"))
        .isEqualTo(new Err("NOPERM this user has no permissions to run the 'del' command"));
    assertThat(c.call("PUBLISH", "ch:1", "m")).isEqualTo(0L);
    assertThat(c.call("PUBLISH", "other", "m"))
        .isEqualTo(
            new Err(
                "NOPERM this user has no permissions to access one of the channels used as"
                    + " arguments"));
    List<?> log = (List<?>) admin.call("ACL", "LOG");
    assertThat(log).hasSize(3);
    List<?> newest = (List<?>) log.get(0);
    assertThat(newest.subList(0, 12).stream().map(RespClient::str).toList())
        .containsExactly(
            "count",
            "1",
            "reason",
            "channel",
            "context",
            "toplevel",
            "object",
            "other",
            "username",
            "u",
            "age-seconds",
            str(newest.get(11)));
    assertThat(str(newest.get(13))).contains("user=u");
  }

  @Test
  void exeCFailsWhenAQueuedCommandIsRefused() {
    InProcessClient admin = client();
    admin.call("ACL", "SETUSER", "u", "on", ">pw", "+multi", "+exec", "+set", "~k");
    InProcessClient c = client();
    c.call("AUTH", "u", "pw");
    c.call("MULTI");
    assertThat(c.call("SET", "k", "1")).isEqualTo("QUEUED");
    assertThat(c.call("INCR", "k"))
        .isEqualTo(new Err("NOPERM this user has no permissions to run the 'incr' command"));
    assertThat(c.call("EXEC"))
        .isEqualTo(new Err("EXECABORT Transaction discarded because of previous errors."));
    // Rules changed between MULTI and EXEC: the command fails inside EXEC.
    c.call("MULTI");
    c.call("SET", "k", "2");
    admin.call("ACL", "SETUSER", "u", "-set");
    List<?> result = (List<?>) c.call("EXEC");
    assertThat(result.get(0))
        .isEqualTo(
            new Err(
                "NOPERM ACLs rules changed between the moment the transaction was accumulated"
                    + " and the EXEC call. This command is no longer allowed for the following"
                    + " reason: no permission to execute the command or subcommand"));
    List<?> entry = (List<?>) ((List<?>) admin.call("ACL", "LOG", "1")).get(0);
    assertThat(str(entry.get(5))).isEqualTo("multi");
  }

  @Test
  void failedAuthIsLogged() {
    InProcessClient c = client();
    c.call("AUTH", "antirez", "wrong");
    List<?> entry = (List<?>) ((List<?>) c.call("ACL", "LOG")).get(0);
    assertThat(entry.subList(2, 10).stream().map(RespClient::str).toList())
        .containsExactly(
            "reason", "auth", "context", "toplevel", "object", "AUTH", "username", "antirez");
  }

  @Test
  void dryRunTellsWithoutRunning() {
    InProcessClient c = client();
    c.call("ACL", "SETUSER", "u", "on", "+get", "~k", "&ch");
    assertThat(c.call("ACL", "DRYRUN", "u", "GET", "k")).isEqualTo("OK");
    assertThat(str(c.call("ACL", "DRYRUN", "u", "GET", "x")))
        .isEqualTo("This user has no permissions to access the 'x' key");
    assertThat(str(c.call("ACL", "DRYRUN", "u", "SET", "k", "v")))
        .isEqualTo("This user has no permissions to run the 'set' command");
    assertThat(c.call("ACL", "DRYRUN", "nouser", "GET", "k"))
        .isEqualTo(new Err("ERR User 'nouser' not found"));
    assertThat(c.call("ACL", "DRYRUN", "u", "NOCMD", "k"))
        .isEqualTo(new Err("ERR Command 'NOCMD' not found"));
    assertThat(c.call("ACL", "DRYRUN", "u", "GET"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'get' command"));
  }

  @Test
  void requirepassIsTheDefaultUsersPassword() {
    InProcessClient admin = client();
    admin.call("CONFIG", "SET", "requirepass", "secret");
    try {
      assertThat(str(((List<?>) admin.call("ACL", "LIST")).get(0)))
          .isEqualTo(
              "user default on #2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b"
                  + " ~* &* +@all");
      InProcessClient c = client();
      assertThat(c.call("GET", "k")).isEqualTo(new Err("NOAUTH Authentication required."));
      assertThat(c.call("AUTH", "secret")).isEqualTo("OK");
      assertThat(admin.call("PING")).isEqualTo("PONG"); // signed in before: stays so
    } finally {
      admin.call("CONFIG", "SET", "requirepass", "");
    }
    assertThat(str(((List<?>) admin.call("ACL", "LIST")).get(0)))
        .isEqualTo("user default on nopass ~* &* +@all");
  }

  @Test
  void catAndGenpass() {
    InProcessClient c = client();
    assertThat((List<?>) c.call("ACL", "CAT")).hasSize(21);
    assertThat((List<?>) c.call("ACL", "CAT", "string")).isNotEmpty();
    assertThat(c.call("ACL", "CAT", "nosuch")).isEqualTo(new Err("ERR Unknown category 'nosuch'"));
    assertThat(str(c.call("ACL", "GENPASS"))).hasSize(64).matches("[0-9a-f]+");
    assertThat(str(c.call("ACL", "GENPASS", "5"))).hasSize(2);
    assertThat(c.call("ACL", "GENPASS", "5000"))
        .isEqualTo(
            new Err(
                "ERR ACL GENPASS argument must be the number of bits for the output password, a"
                    + " positive number up to 4096"));
  }

  @Test
  void narrowingChannelsDisconnectsSubscribersThatLostOne() {
    InProcessClient admin = client();
    admin.call(
        "ACL", "SETUSER", "psuser", "on", "nopass", "+@all", "resetchannels", "&foo:1", "&bar:*");
    InProcessClient sub = client();
    sub.call("AUTH", "psuser", "pass");
    sub.call("SUBSCRIBE", "foo:1");
    admin.call("ACL", "SETUSER", "psuser", "&baz"); // a superset: nobody is closed
    assertThat((List<?>) sub.call("PING")).map(RespClient::str).containsExactly("pong", "");
    admin.call("ACL", "SETUSER", "psuser", "resetchannels", "&bar:*");
    assertThat(sub.isClosedByServer()).isTrue();
  }
}
