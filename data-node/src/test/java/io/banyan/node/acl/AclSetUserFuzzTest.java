package io.banyan.node.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RedisServerProcess;
import io.banyan.node.testing.ServerTestBase;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random ACL SETUSER rule lists sent to redis-server 7.0 and to Banyan: both must accept or refuse
 * each list with the same reply, and leave the same user behind — same flags, passwords, key and
 * channel patterns, selectors, and the same answer from ACL DRYRUN for a set of command lines. (The
 * command rules are compared through DRYRUN rather than as text: the two servers do not have
 * exactly the same commands, so a category may be described differently.)
 */
class AclSetUserFuzzTest extends ServerTestBase {
  private static final long SEED = Long.getLong("acl.fuzz.seed", 20261207L);
  private static final int ROUNDS = Integer.getInteger("acl.fuzz.rounds", 400);
  private static final long TIME_LIMIT_MS = 60_000;

  private static final String HASH =
      "30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4"; // sha256("pw")

  private static final String[] USER_RULES = {
    "on",
    "off",
    "nopass",
    "resetpass",
    ">pw",
    ">pw2",
    "<pw",
    "<pw2",
    "#" + HASH,
    "!" + HASH,
    "#" + HASH.toUpperCase(java.util.Locale.ROOT),
    "#abc",
    "reset",
    "clearselectors",
    "skip-sanitize-payload",
    "sanitize-payload",
    "",
    "ON",
    "NoPass"
  };
  private static final String[] KEY_RULES = {
    "~*",
    "~k*",
    "~obj:[ab]*",
    "%R~r*",
    "%W~w*",
    "%RW~x",
    "%WR~y",
    "%R~",
    "%R",
    "%",
    "%Q~a",
    "%~a",
    "allkeys",
    "resetkeys",
    "~",
    "%rw~k*",
    "ALLKEYS"
  };
  private static final String[] CHANNEL_RULES = {
    "&*", "&ch*", "&news", "&", "allchannels", "resetchannels", "&ch[12]"
  };
  private static final String[] COMMAND_RULES = {
    "+@all",
    "-@all",
    "allcommands",
    "nocommands",
    "+get",
    "-get",
    "+set",
    "-set",
    "+config|get",
    "-config|set",
    "+config",
    "-config",
    "+select|0",
    "+select|1",
    "+client|list",
    "-client",
    "+nosuch",
    "+get|x",
    "+config|nosuch",
    "+config|get|x",
    "-select|0",
    "+@read",
    "-@read",
    "+@write",
    "-@write",
    "+@admin",
    "-@dangerous",
    "+@hash",
    "-@hash",
    "+@pubsub",
    "+@connection",
    "-@slow",
    "+@fast",
    "+@keyspace",
    "+@string",
    "-@string",
    "+@nosuch",
    "+@",
    "+",
    "-",
    "+@ALL",
    "+GET",
    "+@list",
    "+@set",
    "+@sortedset",
    "+@transaction"
  };

  /** Command lines each resulting user is asked about with ACL DRYRUN. */
  private static final String[][] PROBES = {
    {"GET", "k"},
    {"GET", "obj:a1"},
    {"GET", "r1"},
    {"SET", "w1", "v"},
    {"SET", "r1", "v"},
    {"SET", "x", "v"},
    {"CONFIG", "GET", "x"},
    {"CONFIG", "SET", "x", "y"},
    {"SELECT", "0"},
    {"SELECT", "1"},
    {"CLIENT", "LIST"},
    {"CLIENT", "ID"},
    {"PUBLISH", "ch1", "m"},
    {"PUBLISH", "news", "m"},
    {"SUBSCRIBE", "ch1", "news"},
    {"PSUBSCRIBE", "ch*"},
    {"HSET", "k", "f", "v"},
    {"LPUSH", "w1", "a"},
    {"FLUSHALL"},
    {"PING"},
    {"AUTH", "a", "b"},
    {"ZADD", "k", "1", "a"},
    {"RENAME", "r1", "w1"},
    {"COPY", "r1", "w1"},
    {"MULTI"},
    {"SINTERSTORE", "w1", "k1", "obj:b"},
    {"GETDEL", "x"},
    {"LMOVE", "r1", "w1", "LEFT", "RIGHT"}
  };

  private RedisServerProcess redis;
  private TwoServers both;

  @BeforeAll
  void startRedis() throws Exception {
    redis = RedisServerProcess.start(Files.createTempDirectory("banyan-acl-fuzz-"));
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

  private static String pick(Random r, String[] from) {
    return from[r.nextInt(from.length)];
  }

  private static String anyRule(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> pick(r, USER_RULES);
      case 1 -> pick(r, KEY_RULES);
      case 2 -> pick(r, CHANNEL_RULES);
      case 3, 4 -> pick(r, COMMAND_RULES);
      default -> garbage(r);
    };
  }

  private static String garbage(Random r) {
    String alphabet = "~%&+-@|()#!<>*RWrw ab\t";
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static List<String> ruleList(Random r) {
    List<String> rules = new ArrayList<>();
    int n = 1 + r.nextInt(6);
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(10);
      if (kind == 0) {
        // a selector in one argument
        StringBuilder sel = new StringBuilder("(");
        int m = r.nextInt(4);
        for (int j = 0; j < m; j++) {
          sel.append(j == 0 ? "" : " ").append(anyRule(r));
        }
        rules.add(sel.append(')').toString());
      } else if (kind == 1) {
        // a selector spread over arguments, sometimes left open
        rules.add("(" + pick(r, COMMAND_RULES));
        rules.add(pick(r, KEY_RULES) + (r.nextInt(5) == 0 ? "" : ")"));
      } else {
        rules.add(anyRule(r));
      }
    }
    return rules;
  }

  @Test
  void randomRulesGetTheSameAnswerAndLeaveTheSameUser() {
    Random r = new Random(SEED);
    List<String> differences = new ArrayList<>();
    long deadline = System.currentTimeMillis() + TIME_LIMIT_MS;
    int rounds = 0;
    int accepted = 0;
    int refused = 0;
    int denials = 0;
    for (; rounds < ROUNDS && System.currentTimeMillis() < deadline; rounds++) {
      if (rounds % 8 == 0) {
        both.call("admin", "ACL", "DELUSER", "fz");
      }
      List<String> rules = ruleList(r);
      List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", "fz"));
      args.addAll(rules);
      Object reply = compare(differences, args.toArray(String[]::new));
      if ("OK".equals(reply)) {
        accepted++;
      } else {
        refused++;
      }
      Object[] user = both.call("admin", "ACL", "GETUSER", "fz");
      if (!java.util.Objects.equals(withoutCommands(user[0]), withoutCommands(user[1]))) {
        differences.add(rules + "\n  redis:  " + user[0] + "\n  banyan: " + user[1]);
      }
      if (user[0] != null) {
        for (String[] probe : PROBES) {
          List<String> dry = new ArrayList<>(List.of("ACL", "DRYRUN", "fz"));
          dry.addAll(List.of(probe));
          if (!"OK".equals(compare(differences, dry.toArray(String[]::new), rules))) {
            denials++;
          }
        }
      }
      if (differences.size() > 5) {
        break;
      }
    }
    assertThat(differences).as("after %d rounds (seed %d)", rounds, SEED).isEmpty();
    // The generator must exercise both outcomes, or the comparison proves little.
    assertThat(accepted).as("accepted rule lists").isGreaterThan(rounds / 10);
    assertThat(refused).as("refused rule lists").isGreaterThan(rounds / 10);
    assertThat(denials).as("DRYRUN refusals").isGreaterThan(rounds);
    assertThat(both.call("admin", "PING")).containsExactly("PONG", "PONG");
  }

  /** Sends to both, records a difference, returns Redis's (normalised) reply. */
  private Object compare(List<String> differences, String[] args, Object... context) {
    Object[] replies = both.call("admin", args);
    if (!java.util.Objects.equals(replies[0], replies[1])) {
      differences.add(
          String.join(" | ", args)
              + (context.length > 0 ? " after " + context[0] : "")
              + "\n  redis:  "
              + replies[0]
              + "\n  banyan: "
              + replies[1]);
    }
    return replies[0];
  }

  /** GETUSER without the command rule descriptions (compared through DRYRUN instead). */
  private static Object withoutCommands(Object getuser) {
    if (!(getuser instanceof List<?> fields)) {
      return getuser;
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      Object f = fields.get(i);
      if ("commands".equals(f)) {
        i++;
      } else if (f instanceof List<?> nested && i > 0 && "selectors".equals(fields.get(i - 1))) {
        List<Object> selectors = new ArrayList<>();
        for (Object s : nested) {
          selectors.add(withoutCommands(s));
        }
        out.add(selectors);
      } else {
        out.add(f);
      }
    }
    return out;
  }
}
