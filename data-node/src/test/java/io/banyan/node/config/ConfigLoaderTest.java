package io.banyan.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path tmp;

  /**
   * Debian's redis.conf for 7.0, with its {@code dir} pointed at a directory that exists on any
   * machine (Redis itself refuses a missing dir).
   */
  static Path debianConfig(Path tmp) throws IOException {
    String text;
    try (InputStream in =
        ConfigLoaderTest.class.getResourceAsStream("/config/redis-7.0-default.conf")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(text).contains("\ndir /var/lib/redis\n");
    Path file = tmp.resolve("redis.conf");
    Files.writeString(file, text.replace("\ndir /var/lib/redis\n", "\ndir " + tmp + "\n"));
    return file;
  }

  private ServerConfig load(String... args) {
    ServerConfig config = new ServerConfig();
    new ConfigLoader(config).load(CommandLine.parse(args), InputStream.nullInputStream());
    return config;
  }

  private Path file(String name, String content) throws IOException {
    Path f = tmp.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    return f;
  }

  @Test
  void loadsTheDebianRedisConfCleanly() throws IOException {
    Path conf = debianConfig(tmp);
    ServerConfig config = new ServerConfig();
    ConfigLoader loader =
        new ConfigLoader(config)
            .load(CommandLine.parse(conf.toString()), InputStream.nullInputStream());
    assertThat(config.configFile).isEqualTo(conf.toString());
    assertThat(config.bind).containsExactly("127.0.0.1", "-::1");
    assertThat(config.port).isEqualTo(6379);
    assertThat(config.daemonize).isTrue();
    assertThat(config.pidFile).isEqualTo("/run/redis/redis-server.pid");
    assertThat(config.logFile).isEqualTo("/var/log/redis/redis-server.log");
    assertThat(config.dir).isEqualTo(tmp.toString());
    assertThat(config.saveRules).isEqualTo(SaveRule.DEFAULTS);
    assertThat(config.autoAofRewriteMinSize).isEqualTo(64L << 20);
    assertThat(config.outputLimitReplica).containsExactly(256L << 20, 64L << 20, 60);
    assertThat(config.appendFilename).isEqualTo("appendonly.aof");
    assertThat(config.notifyKeyspaceEvents).isZero();
    // options without effect here are reported, one line each
    List<String> warnings = loader.warnings();
    assertThat(warnings)
        .contains(
            "Option 'jemalloc-bg-thread' is accepted for compatibility and has no effect here",
            "Option 'activerehashing' is accepted for compatibility and has no effect here");
    assertThat(warnings).doesNotHaveDuplicates();
    assertThat(warnings).noneMatch(w -> w.contains("'maxmemory") || w.contains("'port'"));
  }

  @Test
  void misspeltOptionNamesTheFileLineAndTheOption() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i < 12; i++) {
      text.append(i % 3 == 0 ? "# comment\n" : i % 3 == 1 ? "\n" : "port 7000\n");
    }
    text.append("maxmemry 1gb\n");
    Path f = file("redis.conf", text.toString());
    assertThatThrownBy(() -> load(f.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Fatal config error in "
                + f
                + " line 12: 'maxmemry 1gb': unknown option 'maxmemry' (did you mean"
                + " 'maxmemory'?)");
  }

  @Test
  void invalidValuesAreExplained() throws IOException {
    assertThat(errorFor("port abc"))
        .endsWith(
            "line 1: 'port abc': invalid value for 'port': 'abc' is not an integer between 0"
                + " and 65535");
    assertThat(errorFor("port 65536")).endsWith("'65536' is not an integer between 0 and 65535");
    assertThat(errorFor("appendonly maybe"))
        .endsWith("invalid value for 'appendonly': 'maybe' is neither yes nor no");
    assertThat(errorFor("maxmemory 1tb"))
        .endsWith(
            "invalid value for 'maxmemory': '1tb' is not a memory size (bytes, or with a unit: k,"
                + " kb, m, mb, g, gb)");
    assertThat(errorFor("loglevel loud"))
        .endsWith(
            "invalid value for 'loglevel': 'loud' is not one of: debug, verbose, notice, warning");
    assertThat(errorFor("save 60")).contains("invalid value for 'save': '60': expected pairs");
    assertThat(errorFor("SLAVEOF host x")).endsWith("'x' is not a port between 0 and 65535");
    assertThat(errorFor("dir /nonexistent/dir"))
        .endsWith("invalid value for 'dir': directory '/nonexistent/dir' does not exist");
  }

  @Test
  void wrongWordCountsAndMalformedLinesAreRefused() throws IOException {
    assertThat(errorFor("port 1 2")).endsWith("'port' takes exactly one value, got 2");
    assertThat(errorFor("maxmemory")).endsWith("'maxmemory' takes exactly one value, got none");
    assertThat(errorFor("maxmemory \"1gb")).endsWith("'maxmemory \"1gb': unbalanced quotes");
    assertThat(errorFor("cluster-enabled yes"))
        .endsWith("cluster mode is not supported by this server");
    assertThat(errorFor("loadmodule /x.so")).endsWith("modules are not supported by this server");
  }

  private String errorFor(String line) throws IOException {
    Path f = file("bad.conf", line + "\n");
    try {
      load(f.toString());
    } catch (ConfigException e) {
      assertThat(e.getMessage()).startsWith("Fatal config error in " + f + " line 1: ");
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + line);
  }

  @Test
  void commandLineErrorsNameTheArgument() {
    assertThatThrownBy(() -> load("--maxmemry", "1gb"))
        .hasMessage(
            "Fatal config error in command line: '--maxmemry 1gb': unknown option 'maxmemry' (did"
                + " you mean 'maxmemory'?)");
    assertThatThrownBy(() -> load("--port", "abc"))
        .hasMessage(
            "Fatal config error in command line: '--port abc': invalid value for 'port': 'abc' is"
                + " not an integer between 0 and 65535");
  }

  @Test
  void commandLineOverridesTheFileAndLastDirectiveWins() throws IOException {
    Path f = file("redis.conf", "PORT 7000\nport 7001\nMaxMemory 1mb\ntimeout 5\n");
    ServerConfig config = load(f.toString(), "--maxmemory", "2mb", "--bind", "127.0.0.1", "::1");
    assertThat(config.port).isEqualTo(7001);
    assertThat(config.maxMemory).isEqualTo(2L << 20);
    assertThat(config.timeoutSeconds).isEqualTo(5);
    assertThat(config.bind).containsExactly("127.0.0.1", "::1");
  }

  @Test
  void saveLinesAccumulateAndEmptySaveClears() throws IOException {
    Path f = file("redis.conf", "save 3600 1\nsave 300 100\n");
    assertThat(load(f.toString()).saveRules)
        .containsExactly(new SaveRule(3600, 1), new SaveRule(300, 100));
    assertThat(load(f.toString(), "--save", "60", "1").saveRules)
        .containsExactly(new SaveRule(3600, 1), new SaveRule(300, 100), new SaveRule(60, 1));
    assertThat(load(f.toString(), "--save", "").saveRules).isEmpty();
    assertThat(load(f.toString(), "--save").saveRules).isEmpty();
    assertThat(load("--save", "60", "1", "30", "2").saveRules)
        .containsExactly(new SaveRule(60, 1), new SaveRule(30, 2));
    assertThat(load().saveRules).isEqualTo(SaveRule.DEFAULTS);
  }

  @Test
  void includesAreReadInPlaceAndErrorsNameTheIncludedFile() throws IOException {
    Path sub = file("sub.conf", "maxmemory 3mb\n\ntimeout x\n");
    file("ok.conf", "maxmemory 3mb\n");
    Path main = file("main.conf", "maxmemory 1mb\ninclude " + tmp.resolve("ok.conf") + "\n");
    assertThat(load(main.toString()).maxMemory).isEqualTo(3L << 20);
    Path bad = file("bad-main.conf", "include " + sub + "\n");
    assertThatThrownBy(() -> load(bad.toString()))
        .hasMessage(
            "Fatal config error in "
                + sub
                + " line 3: 'timeout x': invalid value for 'timeout': 'x' is not an integer between"
                + " 0 and 2147483647");
    Path missing = file("missing.conf", "include " + tmp.resolve("nope.conf") + "\n");
    assertThatThrownBy(() -> load(missing.toString()))
        .hasMessageContaining("line 1: 'include " + tmp.resolve("nope.conf") + "'")
        .hasMessageEndingWith("No such file or directory");
    Path loop = tmp.resolve("loop.conf");
    Files.writeString(loop, "include " + loop + "\n");
    assertThatThrownBy(() -> load(loop.toString())).hasMessageContaining("nested too deeply");
  }

  @Test
  void globIncludesReadMatchesInNameOrderAndMayMatchNothing() throws IOException {
    file("conf.d/20-b.conf", "maxmemory 2mb\n");
    file("conf.d/10-a.conf", "maxmemory 1mb\ntimeout 7\n");
    file("conf.d/ignored.txt", "maxmemory 9mb\n");
    Files.createDirectories(tmp.resolve("empty.d"));
    Path main =
        file(
            "main.conf",
            "include "
                + tmp.resolve("conf.d/*.conf")
                + "\ninclude "
                + tmp.resolve("empty.d/*.conf"));
    ServerConfig config = load(main.toString());
    assertThat(config.maxMemory).isEqualTo(2L << 20);
    assertThat(config.timeoutSeconds).isEqualTo(7);
  }

  @Test
  void fileOnlyDirectivesAreCollected() throws IOException {
    Path f =
        file(
            "redis.conf",
            "rename-command KEYS \"\"\nrename-command FLUSHALL wipe\nuser alice on >pw ~* +@all\n"
                + "list-max-ziplist-entries 512\n");
    ServerConfig config = new ServerConfig();
    ConfigLoader loader =
        new ConfigLoader(config)
            .load(CommandLine.parse(f.toString()), InputStream.nullInputStream());
    assertThat(config.renamedCommands)
        .containsExactly(List.of("KEYS", ""), List.of("FLUSHALL", "wipe"));
    assertThat(config.userDirectives).containsExactly(List.of("alice", "on", ">pw", "~*", "+@all"));
    assertThat(loader.warnings())
        .containsExactly("Option 'list-max-ziplist-entries' is deprecated and ignored");
  }

  @Test
  void readsStandardInputAfterTheFileAndBeforeOptions() throws IOException {
    Path f = file("redis.conf", "maxmemory 1mb\ntimeout 1\n");
    ServerConfig config = new ServerConfig();
    new ConfigLoader(config)
        .load(
            CommandLine.parse(f.toString(), "--timeout", "3", "-"),
            new ByteArrayInputStream(
                "maxmemory 2mb\ntimeout 2\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(config.maxMemory).isEqualTo(2L << 20);
    assertThat(config.timeoutSeconds).isEqualTo(3);
  }

  @Test
  void missingConfigFileIsReported() {
    assertThatThrownBy(() -> load(tmp.resolve("absent.conf").toString()))
        .hasMessage(
            "Fatal config error: can't open config file '"
                + tmp.resolve("absent.conf")
                + "': No such file or directory");
  }
}
