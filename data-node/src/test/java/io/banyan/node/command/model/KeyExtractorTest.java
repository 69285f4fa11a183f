package io.banyan.node.command.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Key extraction for commands of other families (some not implemented yet), declared here with
 * their Redis 7.0 metadata and key specs; the expected keys are what COMMAND GETKEYS answers on a
 * real Redis 7.0.15.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyExtractorTest {
  private CommandTable table;

  @BeforeAll
  void defineCommands() {
    table = new CommandTable();
    def("mset", -3, "write denyoom", 1, -1, 2, "OW update|i1|r-1,2,0");
    def("blpop", -3, "write noscript blocking", 1, -2, 1, "RW access delete|i1|r-2,1,0");
    def("rename", 3, "write", 1, 2, 1, "RW access delete|i1|r0,1,0; OW update|i2|r0,1,0");
    def("zunionstore", -4, "write denyoom movablekeys", 1, 1, 1, ZUNIONSTORE);
    def("lmpop", -4, "write movablekeys", 0, 0, 0, "RW access delete|i1|k0,1,1");
    def("eval", -3, EVAL_FLAGS, 0, 0, 0, "RW access update|i2|k0,1,1");
    def("sort", -2, "write denyoom movablekeys", 1, 1, 1, SORT);
    def("sort_ro", -2, "readonly movablekeys", 1, 1, 1, "RO access|i1|r0,1,0; RO access|u|u");
    def("migrate", -6, "write movablekeys", 3, 3, 1, MIGRATE);
    def("georadius", -6, "write denyoom movablekeys", 1, 1, 1, GEORADIUS);
    def("xread", -4, "readonly blocking movablekeys", 0, 0, 0, "RO access|wSTREAMS,1|r-1,1,2");
    def("bitfield", -2, "write denyoom", 1, 1, 1, "RW access update variable_flags|i1|r0,1,0");
    def("spublish", 3, "pubsub loading stale fast", 1, 1, 1, "not_key|i1|r0,1,0");
    def("banyanlocal", -2, "readonly", 1, -1, 1, null); // no key specs: legacy positions
    table.seal();
  }

  private static final String EVAL_FLAGS =
      "noscript stale skip_monitor no_mandatory_keys movablekeys";
  private static final String ZUNIONSTORE = "OW update|i1|r0,1,0; RO access|i2|k0,1,1";
  private static final String SORT = "RO access|i1|r0,1,0; RO access|u|u; OW update|u|u";
  private static final String MIGRATE =
      "RW access delete|i3|r0,1,0; RW access delete incomplete|wKEYS,-2|r-1,1,0";
  private static final String GEORADIUS =
      "RO access|i1|r0,1,0; OW update|wSTORE,6|r0,1,0; OW update|wSTOREDIST,6|r0,1,0";

  private void def(
      String name, int arity, String flags, int first, int last, int step, String keySpecs) {
    CommandTable.Builder b = table.define(name, arity, flags, first, last, step, "@slow");
    if (keySpecs != null) {
      b.keys(keySpecs);
    }
    b.handler((c, argv) -> {});
  }

  private List<String> keys(String line) {
    String[] words = line.split(" ");
    byte[][] argv = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      argv[i] = words[i].equals("''") ? new byte[0] : words[i].getBytes(StandardCharsets.UTF_8);
    }
    CommandSpec spec = table.lookup(words[0]);
    List<KeyExtractor.KeyRef> refs = KeyExtractor.extract(spec, argv);
    return refs == null
        ? null
        : refs.stream().map(r -> new String(argv[r.position()], StandardCharsets.UTF_8)).toList();
  }

  private List<String> flags(String line, int index) {
    String[] words = line.split(" ");
    byte[][] argv = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return KeyExtractor.extract(table.lookup(words[0]), argv).get(index).flags();
  }

  @Test
  void rangesWithSteps() {
    assertThat(keys("mset a b c d")).containsExactly("a", "c");
    assertThat(keys("blpop a b 0")).containsExactly("a", "b");
    assertThat(keys("rename a b")).containsExactly("a", "b");
    assertThat(flags("rename a b", 0)).containsExactly("RW", "access", "delete");
    assertThat(flags("rename a b", 1)).containsExactly("OW", "update");
    assertThat(keys("banyanlocal x y")).containsExactly("x", "y");
  }

  @Test
  void keyCounts() {
    assertThat(keys("zunionstore d 2 a b")).containsExactly("d", "a", "b");
    assertThat(keys("zunionstore d 5 a b")).isNull();
    assertThat(keys("lmpop 2 a b left")).containsExactly("a", "b");
    assertThat(keys("lmpop 0 a left")).isNull();
    assertThat(keys("eval s 2 a b c")).containsExactly("a", "b");
    assertThat(keys("eval s 0")).isNull(); // GETKEYS answers [] thanks to no_mandatory_keys
  }

  @Test
  void keywordsAndArgumentScanning() {
    assertThat(keys("georadius k 1 2 3 km store d")).containsExactly("k", "d");
    assertThat(keys("georadius k 1 2 3 km")).containsExactly("k");
    assertThat(keys("xread count 1 streams a b c 0 0")).containsExactly("a", "b");
    assertThat(keys("sort k store d")).containsExactly("k", "d");
    assertThat(keys("sort k limit 0 1 get # by x store d")).containsExactly("k", "d");
    assertThat(keys("sort_ro k by x")).containsExactly("k");
    assertThat(keys("migrate h p '' 0 5 keys a b")).containsExactly("a", "b");
    assertThat(keys("migrate h p k 0 5")).containsExactly("k");
  }

  @Test
  void variableFlags() {
    assertThat(flags("bitfield k get u8 0", 0)).containsExactly("RO", "access");
    assertThat(flags("bitfield k set u8 0 1", 0)).containsExactly("RW", "access", "update");
  }

  @Test
  void channelsAreNotKeys() {
    assertThat(KeyExtractor.hasKeys(table.lookup("spublish"))).isFalse();
    assertThat(KeyExtractor.hasKeys(table.lookup("mset"))).isTrue();
  }
}
