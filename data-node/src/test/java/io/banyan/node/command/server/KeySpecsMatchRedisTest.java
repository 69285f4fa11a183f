package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RedisServerProcess;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The key specs and tips each family declares in its definition chain are Redis 7.0's: compared,
 * command by command, with what a real redis-server 7.0 reports, and evaluated by COMMAND
 * GETKEYSANDFLAGS on the same command lines as Redis evaluates them.
 */
class KeySpecsMatchRedisTest extends ServerTestBase {
  private RedisServerProcess redis;
  private RespClient theirs;

  @BeforeAll
  void startRedis() throws Exception {
    redis = RedisServerProcess.start(Files.createTempDirectory("banyan-redis-"));
    theirs = new RespClient("127.0.0.1", redis.port());
  }

  @AfterAll
  void stopRedis() {
    if (theirs != null) {
      theirs.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** Every command and subcommand name this node defines, as COMMAND LIST gives them. */
  private List<String> ourNames(RespClient ours) {
    List<String> names = new ArrayList<>();
    for (Object n : (List<?>) Plain.of(ours.call("COMMAND", "LIST"))) {
      names.add((String) n);
    }
    return names;
  }

  /** COMMAND INFO's tips and key specs of one command; null when the server does not know it. */
  private static List<Object> tipsAndKeySpecs(RespClient c, String name) {
    Object entry = ((List<?>) Plain.of(c.call("COMMAND", "INFO", name))).get(0);
    if (entry == null) {
      return null;
    }
    List<?> info = (List<?>) entry;
    List<Object> specs = new ArrayList<>();
    for (Object spec : (List<?>) info.get(8)) {
      specs.add(withoutNotes((List<?>) spec));
    }
    return List.of(info.get(7), specs);
  }

  /** A key spec without Redis's free-text "notes", whose sentences we do not copy. */
  private static List<Object> withoutNotes(List<?> flatMap) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i + 1 < flatMap.size(); i += 2) {
      if (!"notes".equals(flatMap.get(i))) {
        out.add(flatMap.get(i));
        out.add(flatMap.get(i + 1));
      }
    }
    return out;
  }

  @Test
  void tipsAndKeySpecsAreRedisOnes() {
    RespClient ours = resp();
    int compared = 0;
    for (String name : ourNames(ours)) {
      List<Object> expected = tipsAndKeySpecs(theirs, name);
      if (expected == null) {
        continue; // a Banyan command (BANYAN, WAITAOF, ...): nothing to compare with
      }
      assertThat(tipsAndKeySpecs(ours, name)).as(name).isEqualTo(expected);
      compared++;
    }
    assertThat(compared).isGreaterThan(200);
  }

  /**
   * Command lines that exercise every kind of key spec: fixed positions, ranges to the end, key
   * counts (a number first, or after one argument), keywords, and the flags some options change.
   */
  private static List<List<String>> linesFor(String name) {
    List<String> base = List.of(name.split("\\|"));
    List<List<String>> lines = new ArrayList<>();
    for (int n = 0; n < 8; n++) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        keys.add("k" + i);
      }
      lines.add(concat(base, keys));
      lines.add(concat(base, concat(List.of("2"), keys)));
      lines.add(concat(base, concat(List.of("d", "2"), keys)));
    }
    return lines;
  }

  private static final List<String> OPTION_LINES =
      List.of(
          "set k v get",
          "set k v ex 10",
          "bitfield k get u8 0",
          "bitfield k overflow wrap set u8 0 1",
          "sort k limit 0 1 by x get y store d",
          "sort_ro k by x",
          "lmpop 2 a b left",
          "blmpop 0 2 a b left",
          "bzmpop 0 2 a b min",
          "zunionstore d 2 a b weights 1 2",
          "bitop and d a b",
          "mset a 1 b 2",
          "memory usage k",
          "object encoding k",
          "ssubscribe a b");

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void getKeysAndFlagsEvaluatesTheSpecsAsRedisDoes() {
    RespClient ours = resp();
    List<List<String>> lines = new ArrayList<>();
    for (String name : ourNames(ours)) {
      if (tipsAndKeySpecs(theirs, name) != null) {
        lines.addAll(linesFor(name));
      }
    }
    for (String line : OPTION_LINES) {
      lines.add(List.of(line.split(" ")));
    }
    for (List<String> line : lines) {
      Object[] args = concat(List.of("COMMAND", "GETKEYSANDFLAGS"), line).toArray();
      assertThat(Plain.of(ours.call(args)))
          .as(String.join(" ", line))
          .isEqualTo(Plain.of(theirs.call(args)));
    }
    assertThat(lines).hasSizeGreaterThan(5000);
  }
}
