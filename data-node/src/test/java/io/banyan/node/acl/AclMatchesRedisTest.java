package io.banyan.node.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RedisServerProcess;
import io.banyan.node.testing.ServerTestBase;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same ACL command sequences sent to redis-server 7.0 and to Banyan over TCP: every reply must
 * match (see {@link TwoServers} for the little that is normalised), errors included.
 */
class AclMatchesRedisTest extends ServerTestBase {
  private RedisServerProcess redis;
  private TwoServers both;
  private final List<String> differences = new ArrayList<>();

  @BeforeAll
  void startRedis() throws Exception {
    redis = RedisServerProcess.start(Files.createTempDirectory("banyan-acl-redis-"));
    both = new TwoServers(redis.port(), port());
  }

  @AfterAll
  void stopRedis() {
    if (both != null) {
      both.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @AfterEach
  void resetUsers() {
    both.close();
    for (String name : List.of("u", "v", "newuser", "psuser", "antirez", "sel")) {
      both.call("admin", "ACL", "DELUSER", name);
    }
    both.call("admin", "ACL", "SETUSER", "default", "on", "nopass", "~*", "&*", "+@all");
    both.call("admin", "ACL", "LOG", "RESET");
    both.call("admin", "FLUSHALL");
    both.close();
    differences.clear();
  }

  /** Runs a command on both servers and records a difference. */
  private void same(String conn, String... args) {
    Object[] r = both.call(conn, args);
    if (!java.util.Objects.equals(r[0], r[1])) {
      differences.add(String.join(" ", args) + "\n  redis:  " + r[0] + "\n  banyan: " + r[1]);
    }
  }

  private void assertNoDifference() {
    assertThat(differences).isEmpty();
  }

  @Test
  void userLifecycleAndDescriptions() {
    same("admin", "ACL", "SETUSER", "newuser");
    same("admin", "ACL", "GETUSER", "newuser");
    same("admin", "ACL", "SETUSER", "newuser", "on", ">passwd1", ">passwd2", "+acl", "~obj:*");
    same("admin", "ACL", "GETUSER", "newuser");
    same("admin", "ACL", "SETUSER", "newuser", "%R~read:*", "%W~write:*", "%RW~both:*", "&ch:*");
    same("admin", "ACL", "SETUSER", "newuser", "(+get ~sel:*)", "(", "+set", "%W~w:*", ")");
    same("admin", "ACL", "GETUSER", "newuser");
    same("admin", "ACL", "LIST");
    same("admin", "ACL", "USERS");
    same("admin", "ACL", "SETUSER", "newuser", "clearselectors", "resetkeys", "resetchannels");
    same("admin", "ACL", "GETUSER", "newuser");
    same("admin", "ACL", "SETUSER", "newuser", "reset");
    same("admin", "ACL", "GETUSER", "newuser");
    same("admin", "ACL", "SETUSER", "newuser", "+@all", "-@dangerous", "+config|get", "-debug");
    same("admin", "ACL", "GETUSER", "newuser");
    same("admin", "ACL", "SETUSER", "newuser", "-@all", "+@hash", "-hset", "+select|0", "+get");
    same("admin", "ACL", "GETUSER", "newuser");
    same("admin", "ACL", "SETUSER", "newuser", "nopass", "skip-sanitize-payload");
    same("admin", "ACL", "LIST");
    same("admin", "ACL", "GETUSER", "nosuchuser");
    same("admin", "ACL", "DELUSER", "newuser", "nosuchuser");
    same("admin", "ACL", "DELUSER", "default");
    same("admin", "ACL", "WHOAMI");
    assertNoDifference();
  }

  @Test
  void setUserErrors() {
    for (String rule :
        List.of(
            "+nosuchcommand",
            "-@nosuchcategory",
            "+@",
            "+",
            "+get|",
            "+config|get|x",
            "+config|nosuch",
            "-select|0",
            "#abc",
            "!0123",
            "<nosuchpassword",
            "%",
            "%X~a",
            "%RR~a",
            "bogus",
            "(on)",
            "~a b",
            "&a\tb")) {
      same("admin", "ACL", "SETUSER", "u", rule);
    }
    same("admin", "ACL", "SETUSER", "u", "~*", "~x");
    same("admin", "ACL", "SETUSER", "u", "allchannels", "&x");
    same("admin", "ACL", "SETUSER", "u", "(+get", "~x");
    same("admin", "ACL", "SETUSER", "u u");
    same("admin", "ACL", "GETUSER", "u");
    assertNoDifference();
  }

  @Test
  void authenticationAndPasswordRotation() {
    same("admin", "ACL", "SETUSER", "u", "on", ">old", "+@all", "~*");
    same("a", "AUTH", "u", "old");
    same("a", "ACL", "WHOAMI");
    same("admin", "ACL", "SETUSER", "u", ">new");
    same("b", "AUTH", "u", "old");
    same("b", "AUTH", "u", "new");
    same("admin", "ACL", "SETUSER", "u", "<old");
    same("a", "PING"); // still signed in after its password was removed
    same("c", "AUTH", "u", "old");
    same("c", "AUTH", "nosuchuser", "x");
    same("c", "AUTH", "onlypass");
    same("c", "AUTH", "a", "b", "c");
    same("admin", "ACL", "SETUSER", "u", "off");
    same("c", "AUTH", "u", "new");
    same("c", "HELLO", "2", "AUTH", "u", "new");
    same("admin", "ACL", "SETUSER", "u", "on");
    same("admin", "ACL", "LOG");
    assertNoDifference();
  }

  @Test
  void refusalsCarryRedisTextsAndReachTheLog() {
    same("admin", "ACL", "SETUSER", "u", "on", "nopass", "+get", "+set", "+publish");
    same("admin", "ACL", "SETUSER", "u", "+subscribe", "+psubscribe", "+multi", "+exec");
    same("admin", "ACL", "SETUSER", "u", "~obj:*", "%R~ro:*", "&ch:*", "&pat:*");
    same("a", "AUTH", "u", "x");
    same("a", "SET", "obj:1", "v");
    same("a", "SET", "ro:1", "v");
    same("a", "GET", "ro:1");
    same("a", "GET", "other");
    same("a", "DEL", "obj:1");
    same("a", "CONFIG", "GET", "maxmemory");
    same("a", "PUBLISH", "ch:1", "m");
    same("a", "PUBLISH", "nope", "m");
    same("a", "MULTI");
    same("a", "SET", "obj:2", "v");
    same("a", "INCR", "obj:2");
    same("a", "EXEC");
    same("b", "AUTH", "u", "x");
    same("b", "PSUBSCRIBE", "ch:*");
    same("c", "AUTH", "u", "x");
    same("c", "PSUBSCRIBE", "pat:*");
    same("admin", "ACL", "LOG");
    same("admin", "ACL", "LOG", "2");
    same("admin", "ACL", "LOG", "RESET");
    same("admin", "ACL", "LOG");
    assertNoDifference();
  }

  @Test
  void dryRunCatAndGenpass() {
    same("admin", "ACL", "SETUSER", "u", "on", "+get", "+config|get", "~k", "&ch", "+publish");
    same("admin", "ACL", "DRYRUN", "u", "GET", "k");
    same("admin", "ACL", "DRYRUN", "u", "GET", "x");
    same("admin", "ACL", "DRYRUN", "u", "SET", "k", "v");
    same("admin", "ACL", "DRYRUN", "u", "CONFIG", "GET", "x");
    same("admin", "ACL", "DRYRUN", "u", "CONFIG", "SET", "x", "y");
    same("admin", "ACL", "DRYRUN", "u", "CONFIG");
    same("admin", "ACL", "DRYRUN", "u", "PUBLISH", "nope", "m");
    same("admin", "ACL", "DRYRUN", "u", "NOCMD");
    same("admin", "ACL", "DRYRUN", "nouser", "GET", "k");
    same("admin", "ACL", "DRYRUN", "u", "GET");
    same("admin", "ACL", "CAT");
    same("admin", "ACL", "CAT", "nosuch");
    same("admin", "ACL", "GENPASS");
    same("admin", "ACL", "GENPASS", "7");
    same("admin", "ACL", "GENPASS", "0");
    same("admin", "ACL", "GENPASS", "4097");
    same("admin", "ACL", "GENPASS", "x");
    same("admin", "ACL", "LOG", "x");
    same("admin", "ACL", "LOAD");
    same("admin", "ACL", "SAVE");
    same("admin", "ACL", "NOSUCH");
    assertNoDifference();
  }

  @Test
  void clientsOfDeletedUsersAndLostChannelsAreClosed() {
    same("admin", "ACL", "SETUSER", "u", "on", "nopass", "+@all", "~*", "resetchannels", "&a");
    same("a", "AUTH", "u", "x");
    same("b", "AUTH", "u", "x");
    same("b", "SUBSCRIBE", "a");
    same("admin", "ACL", "SETUSER", "u", "&b");
    same("b", "PING");
    same("admin", "ACL", "SETUSER", "u", "resetchannels", "&b");
    assertThat(both.closed("b")).containsExactly(true, true);
    same("a", "PING");
    same("admin", "ACL", "DELUSER", "u");
    assertThat(both.closed("a")).containsExactly(true, true);
    same("admin", "CLIENT", "KILL", "USER", "nosuchuser");
    assertNoDifference();
  }
}
