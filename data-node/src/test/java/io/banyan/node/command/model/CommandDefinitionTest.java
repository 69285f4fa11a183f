package io.banyan.node.command.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A command's metadata is declared once, in its definition chain, and checked there: a malformed
 * key spec, tip, flag or ACL category fails the table's construction naming the command.
 */
class CommandDefinitionTest {
  private static CommandTable.Builder define(CommandTable t) {
    return t.define("getlike", 2, "readonly fast", 1, 1, 1, "@read @string @fast");
  }

  @Test
  void declaredKeySpecsAndTipsReachTheSpec() {
    CommandTable t = new CommandTable();
    define(t)
        .keys("RW access delete|i1|r0,1,0; OW update|wSTORE,-2|k0,1,2")
        .tips("nondeterministic_output request_policy:all_shards")
        .handler((c, argv) -> {});
    CommandSpec spec = t.seal().lookup("getlike");

    assertThat(spec.tips()).containsExactly("nondeterministic_output", "request_policy:all_shards");
    assertThat(spec.keySpecs())
        .containsExactly(
            new KeySpec(List.of("RW", "access", "delete"), "index", 1, null, "range", 0, 1, 0),
            new KeySpec(List.of("OW", "update"), "keyword", -2, "STORE", "keynum", 0, 1, 2));
  }

  @Test
  void withoutKeySpecsTheLegacyPositionsGiveOne() {
    CommandTable t = new CommandTable();
    t.define("readmany", -2, "readonly", 1, -1, 1, "@read @slow").handler((c, argv) -> {});
    t.define("writetwo", 3, "write", 1, 2, 1, "@write @slow").handler((c, argv) -> {});
    t.define("nokeys", 1, "fast", 0, 0, 0, "@fast").handler((c, argv) -> {});
    t.seal();

    assertThat(t.lookup("readmany").keySpecs())
        .containsExactly(new KeySpec(List.of("RO", "access"), "index", 1, null, "range", -1, 1, 0));
    assertThat(t.lookup("writetwo").keySpecs())
        .containsExactly(
            new KeySpec(List.of("RW", "access", "update"), "index", 1, null, "range", 1, 1, 0));
    assertThat(t.lookup("nokeys").keySpecs()).isEmpty();
    assertThat(t.lookup("nokeys").tips()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "RO access|i1", // no find part
        "RO access|i1|r0,1", // two numbers for a range
        "RO access|ix|r0,1,0", // index not a number
        "RO access|q1|r0,1,0", // unknown begin type
        "RO access|i1|z0,1,0", // unknown find type
        "RO access|wSTORE|r0,1,0", // keyword without its start
        "RO acess|i1|r0,1,0", // misspelt flag
        "RO RW|i1|r0,1,0", // two access kinds
        "|i1|r0,1,0", // no flags
        "RO access|i1|r0,1,0;", // empty second spec
      })
  void aMalformedKeySpecFailsNamingTheCommand(String keys) {
    CommandTable t = new CommandTable();
    assertThatThrownBy(() -> define(t).keys(keys))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("command getlike: ");
  }

  @Test
  void anUnknownTipFailsNamingTheCommand() {
    CommandTable t = new CommandTable();
    assertThatThrownBy(() -> define(t).tips("nondeterministic_outptu"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("command getlike: unknown command tip: nondeterministic_outptu");
    assertThatThrownBy(() -> define(new CommandTable()).tips("request_policy:some_nodes"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("getlike");
  }

  @Test
  void keySpecsDeclaredTwiceFail() {
    CommandTable t = new CommandTable();
    assertThatThrownBy(() -> define(t).keys("RO|i1|r0,1,0").keys("RO|i1|r0,1,0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("command getlike: key specs declared twice");
  }

  @Test
  void anUnknownFlagOrCategoryFailsNamingTheCommand() {
    assertThatThrownBy(() -> new CommandTable().define("x", 1, "readonly fsat", 0, 0, 0, "@read"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("command x: unknown command flag: fsat");
    assertThatThrownBy(() -> new CommandTable().define("x", 1, "readonly", 0, 0, 0, "@raed"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("command x: unknown ACL category: @raed");
  }
}
