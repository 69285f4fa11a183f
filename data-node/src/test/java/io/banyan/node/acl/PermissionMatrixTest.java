package io.banyan.node.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users × command lines → allowed, or the NOPERM error Redis 7.0 gives. Each user stands for a kind
 * of rule: categories, single commands and subcommands, first arguments, read-only and write-only
 * key patterns, channels, and a selector granting what the root does not.
 */
class PermissionMatrixTest extends InProcessTestBase {
  private static final String OK = "allowed";
  private static final String CMD = "command";
  private static final String KEY = "key";
  private static final String CHAN = "channel";

  private static final Map<String, List<String>> USERS = new LinkedHashMap<>();

  static {
    USERS.put("reader", List.of("+@read", "~*", "&*"));
    USERS.put("writer", List.of("+@write", "-flushall", "~app:*"));
    USERS.put("cfg", List.of("+config|get", "+select|0", "~*"));
    USERS.put("rw", List.of("+@all", "-@dangerous", "%R~src:*", "%W~dst:*"));
    USERS.put("pubsub", List.of("+@pubsub", "resetchannels", "&news.*", "&alerts"));
    USERS.put("sel", List.of("+get", "~a:*", "(+set ~b:*)", "(+get ~c:*)"));
  }

  /**
   * Command line → expected outcome per user, in USERS order (checked against redis-server 7.0's
   * ACL DRYRUN). Among the less obvious cells: LMOVE's source needs read and write; the reason a
   * user with selectors gets is the most specific one any selector gave (a key beats the command).
   */
  private static final Object[][] MATRIX = {
    // command line                         reader writer cfg  rw    pubsub sel
    {new String[] {"GET", "app:1"}, OK, CMD, CMD, KEY, CMD, KEY},
    {new String[] {"SET", "app:1", "v"}, CMD, OK, CMD, KEY, CMD, KEY},
    {new String[] {"SET", "other", "v"}, CMD, KEY, CMD, KEY, CMD, KEY},
    {new String[] {"SET", "b:1", "v"}, CMD, KEY, CMD, KEY, CMD, OK},
    {new String[] {"GET", "c:1"}, OK, CMD, CMD, KEY, CMD, OK},
    {new String[] {"GET", "b:1"}, OK, CMD, CMD, KEY, CMD, KEY},
    {new String[] {"FLUSHALL"}, CMD, CMD, CMD, CMD, CMD, CMD},
    {new String[] {"CONFIG", "GET", "maxmemory"}, CMD, CMD, OK, CMD, CMD, CMD},
    {new String[] {"CONFIG", "SET", "maxmemory", "0"}, CMD, CMD, CMD, CMD, CMD, CMD},
    {new String[] {"SELECT", "0"}, CMD, CMD, OK, OK, CMD, CMD},
    {new String[] {"SELECT", "1"}, CMD, CMD, CMD, OK, CMD, CMD},
    {new String[] {"LMOVE", "src:a", "dst:b", "LEFT", "RIGHT"}, CMD, KEY, CMD, KEY, CMD, CMD},
    {new String[] {"LMOVE", "dst:a", "src:b", "LEFT", "RIGHT"}, CMD, KEY, CMD, KEY, CMD, CMD},
    {new String[] {"COPY", "src:a", "dst:b"}, CMD, KEY, CMD, OK, CMD, CMD},
    {new String[] {"GET", "src:x"}, OK, CMD, CMD, OK, CMD, KEY},
    {new String[] {"GET", "dst:x"}, OK, CMD, CMD, KEY, CMD, KEY},
    {new String[] {"PUBLISH", "news.eu", "m"}, CMD, CMD, CMD, CHAN, OK, CMD},
    {new String[] {"PUBLISH", "sports", "m"}, CMD, CMD, CMD, CHAN, CHAN, CMD},
    {new String[] {"PUBLISH", "alerts", "m"}, CMD, CMD, CMD, CHAN, OK, CMD},
    {new String[] {"PING"}, CMD, CMD, CMD, OK, CMD, CMD},
    {new String[] {"AUTH", "x", "y"}, OK, OK, OK, OK, OK, OK},
  };

  @BeforeAll
  void createUsers() {
    InProcessClient admin = node.client();
    for (Map.Entry<String, List<String>> u : USERS.entrySet()) {
      List<Object> args = new ArrayList<>(List.of("ACL", "SETUSER", u.getKey(), "on", "nopass"));
      args.addAll(u.getValue());
      assertThat(admin.call(args.toArray())).isEqualTo("OK");
    }
    admin.close();
  }

  private static String expectedError(String outcome, String command) {
    return switch (outcome) {
      case CMD -> "NOPERM this user has no permissions to run the '" + command + "' command";
      case KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
      case CHAN ->
          "NOPERM this user has no permissions to access one of the channels used as arguments";
      default -> null;
    };
  }

  @Test
  void everyUserGetsExactlyItsPermissions() {
    List<String> wrong = new ArrayList<>();
    List<String> names = new ArrayList<>(USERS.keySet());
    for (int u = 0; u < names.size(); u++) {
      InProcessClient c = client();
      assertThat(c.call("AUTH", names.get(u), "any")).isEqualTo("OK");
      for (Object[] row : MATRIX) {
        String[] line = (String[]) row[0];
        String outcome = (String) row[u + 1];
        Object reply = c.call((Object[]) line);
        String command =
            line[0].equalsIgnoreCase("config")
                ? "config|" + line[1].toLowerCase(java.util.Locale.ROOT)
                : line[0].toLowerCase(java.util.Locale.ROOT);
        String expected = expectedError(outcome, command);
        boolean refused = reply instanceof RespClient.Err e && e.message().startsWith("NOPERM");
        boolean right =
            expected == null
                ? !refused
                : reply instanceof RespClient.Err e && e.message().equals(expected);
        if (!right) {
          wrong.add(names.get(u) + " " + String.join(" ", line) + " → " + reply);
        }
      }
      c.close();
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void subscribingChecksChannelsAndPatternsLiterally() {
    InProcessClient c = client();
    c.call("AUTH", "pubsub", "x");
    assertThat(c.call("SUBSCRIBE", "news.eu", "sports"))
        .isEqualTo(
            new RespClient.Err(
                "NOPERM this user has no permissions to access one of the channels used as"
                    + " arguments"));
    // A pattern is allowed only when the user has that very pattern, not one it matches.
    assertThat(c.call("PSUBSCRIBE", "news.e*")).isInstanceOf(RespClient.Err.class);
    assertThat((List<?>) c.call("PSUBSCRIBE", "news.*"))
        .map(RespClient::str)
        .containsExactly("psubscribe", "news.*", "1");
  }
}
