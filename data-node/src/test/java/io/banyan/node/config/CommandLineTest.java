package io.banyan.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  private static List<List<String>> words(CommandLine cl) {
    return cl.options().stream().map(CommandLine.Option::words).toList();
  }

  @Test
  void valuesUpToTheNextOptionBelongToIt() {
    CommandLine cl =
        CommandLine.parse("--save", "", "--bind", "127.0.0.1", "::1", "--port", "7000");
    assertThat(cl.configFile()).isNull();
    assertThat(words(cl))
        .containsExactly(
            List.of("save", ""), List.of("bind", "127.0.0.1", "::1"), List.of("port", "7000"));
  }

  @Test
  void configFileComesFirstAndOptionsFollow() {
    CommandLine cl =
        CommandLine.parse("/etc/redis.conf", "--maxmemory", "1gb", "--loglevel", "debug");
    assertThat(cl.action()).isEqualTo(CommandLine.Action.RUN);
    assertThat(cl.configFile()).isEqualTo("/etc/redis.conf");
    assertThat(words(cl))
        .containsExactly(List.of("maxmemory", "1gb"), List.of("loglevel", "debug"));
  }

  @Test
  void saveWithoutValueMeansEmptySave() {
    assertThat(words(CommandLine.parse("--save", "--port", "1")))
        .containsExactly(List.of("save", ""), List.of("port", "1"));
    assertThat(words(CommandLine.parse("--port", "1", "--save")))
        .containsExactly(List.of("port", "1"), List.of("save", ""));
    assertThat(words(CommandLine.parse("--save", "60", "1")))
        .containsExactly(List.of("save", "60", "1"));
  }

  @Test
  void firstValueIsTakenEvenWhenItLooksLikeAnOption() {
    assertThat(words(CommandLine.parse("--requirepass", "--secret", "--port", "1")))
        .containsExactly(List.of("requirepass", "--secret"), List.of("port", "1"));
  }

  @Test
  void optionAndValuesInOneArgumentAreSplitLikeAConfigLine() {
    assertThat(words(CommandLine.parse("--port 6380", "--bind \"127.0.0.1\" ::1")))
        .containsExactly(List.of("port", "6380"), List.of("bind", "127.0.0.1", "::1"));
  }

  @Test
  void dashReadsStandardInput() {
    assertThat(CommandLine.parse("-").readStdin()).isTrue();
    CommandLine cl = CommandLine.parse("a.conf", "--port", "1", "-");
    assertThat(cl.readStdin()).isTrue();
    assertThat(words(cl)).containsExactly(List.of("port", "1"));
  }

  @Test
  void versionAndHelp() {
    assertThat(CommandLine.parse("-v").action()).isEqualTo(CommandLine.Action.VERSION);
    assertThat(CommandLine.parse("--version").action()).isEqualTo(CommandLine.Action.VERSION);
    assertThat(CommandLine.parse("-h").action()).isEqualTo(CommandLine.Action.HELP);
    assertThat(CommandLine.parse("--help").action()).isEqualTo(CommandLine.Action.HELP);
    assertThat(CommandLine.usage()).contains("--save \"\"");
  }

  @Test
  void refusesAValueWithoutAnOption() {
    assertThatThrownBy(() -> CommandLine.parse("a.conf", "6380"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unexpected argument '6380'");
  }
}
