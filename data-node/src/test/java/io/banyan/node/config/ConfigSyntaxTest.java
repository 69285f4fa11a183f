package io.banyan.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigSyntaxTest {
  @Test
  void splitsOnWhitespace() {
    assertThat(ConfigSyntax.split("  save   900\t1  ")).containsExactly("save", "900", "1");
    assertThat(ConfigSyntax.split("")).isEmpty();
  }

  @Test
  void readsDoubleQuotedEscapes() {
    assertThat(ConfigSyntax.split("requirepass \"a b\\n\\t\\\"\\x41\\\\\""))
        .containsExactly("requirepass", "a b\n\t\"A\\");
    assertThat(ConfigSyntax.split("x \"\"")).containsExactly("x", "");
    // \x with non-hex digits is not an escape: the backslash is dropped, the x is kept
    assertThat(ConfigSyntax.split("x \"\\xZZ\"")).containsExactly("x", "xZZ");
  }

  @Test
  void readsSingleQuotesWithOnlyEscapedQuote() {
    assertThat(ConfigSyntax.split("x 'it\\'s \\n'")).containsExactly("x", "it's \\n");
  }

  @Test
  void quoteMayStartInsideAWord() {
    assertThat(ConfigSyntax.split("a\"b c\" d")).containsExactly("ab c", "d");
  }

  @Test
  void refusesUnbalancedQuotesAndTextGluedToAClosingQuote() {
    assertThat(ConfigSyntax.split("maxmemory \"1gb")).isNull();
    assertThat(ConfigSyntax.split("x 'abc")).isNull();
    assertThat(ConfigSyntax.split("x \"a\"b")).isNull();
  }

  @Test
  void quoteRoundTripsAnyValue() {
    for (String v : new String[] {"", "plain", "a b", "q\"uo\\te", "nl\nx\r\t\u0007\b", "é€"}) {
      assertThat(ConfigSyntax.split("k " + ConfigSyntax.quote(v))).containsExactly("k", v);
    }
    assertThat(ConfigSyntax.quote("p\"w d")).isEqualTo("\"p\\\"w d\"");
    assertThat(ConfigSyntax.quote("é")).isEqualTo("\"\\xc3\\xa9\"");
  }

  @Test
  void configSetValuesOfMultiWordOptionsSplitOnSingleSpaces() {
    assertThat(ConfigSyntax.splitOnSpaces("")).isEmpty();
    assertThat(ConfigSyntax.splitOnSpaces("100  10")).containsExactly("100", "", "10");
    assertThat(ConfigSyntax.splitOnSpaces("a b")).containsExactly("a", "b");
  }
}
