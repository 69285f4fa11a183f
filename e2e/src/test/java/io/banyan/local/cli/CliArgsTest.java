package io.banyan.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CliArgsTest {
  @Test
  void parsesEveryCommand() {
    assertThat(CliArgs.parse("local", "up"))
        .isEqualTo(new Command.Up(Optional.empty(), Optional.empty()));
    assertThat(CliArgs.parse("local", "up", "x.yaml"))
        .isEqualTo(new Command.Up(Optional.of(Path.of("x.yaml")), Optional.empty()));
    assertThat(CliArgs.parse("local", "up", "--nodes", "n.yaml", "x.yaml"))
        .isEqualTo(new Command.Up(Optional.of(Path.of("x.yaml")), Optional.of(Path.of("n.yaml"))));
    assertThat(CliArgs.parse("local", "nodes")).isEqualTo(new Command.Nodes());
    assertThat(CliArgs.parse("local", "evict", "jf-a-1")).isEqualTo(new Command.Evict("jf-a-1"));
    assertThat(CliArgs.parse("local", "drain", "node-a"))
        .isEqualTo(new Command.Drain("node-a", Duration.ofMinutes(5), false));
    assertThat(CliArgs.parse("local", "drain", "--timeout", "90s", "node-a", "--force"))
        .isEqualTo(new Command.Drain("node-a", Duration.ofSeconds(90), true));
    assertThat(CliArgs.parse("local", "cordon", "node-a"))
        .isEqualTo(new Command.Cordon("node-a", true));
    assertThat(CliArgs.parse("local", "uncordon", "node-a"))
        .isEqualTo(new Command.Cordon("node-a", false));
    assertThat(CliArgs.parse("local", "status")).isEqualTo(new Command.Status(false));
    assertThat(CliArgs.parse("local", "status", "-o", "json")).isEqualTo(new Command.Status(true));
    assertThat(CliArgs.parse("local", "kill", "jf-a-0"))
        .isEqualTo(new Command.NodeFault(Command.Fault.KILL, "jf-a-0"));
    assertThat(CliArgs.parse("local", "freeze", "jf-b-s1"))
        .isEqualTo(new Command.NodeFault(Command.Fault.FREEZE, "jf-b-s1"));
    assertThat(CliArgs.parse("local", "thaw", "jf-b-s1"))
        .isEqualTo(new Command.NodeFault(Command.Fault.THAW, "jf-b-s1"));
    assertThat(CliArgs.parse("local", "stop-zone", "jf-a"))
        .isEqualTo(new Command.ZoneFault(true, "jf-a"));
    assertThat(CliArgs.parse("local", "start-zone", "jf-a"))
        .isEqualTo(new Command.ZoneFault(false, "jf-a"));
    assertThat(CliArgs.parse("local", "partition", "us-east-1a"))
        .isEqualTo(new Command.Partition("us-east-1a"));
    assertThat(CliArgs.parse("local", "heal", "us-east-1a"))
        .isEqualTo(new Command.Heal(java.util.Optional.of("us-east-1a")));
    assertThat(CliArgs.parse("local", "heal"))
        .isEqualTo(new Command.Heal(java.util.Optional.empty()));
    assertThat(CliArgs.parse("local", "down")).isEqualTo(new Command.Down());
    assertThat(CliArgs.parse("--help")).isEqualTo(new Command.Help());
  }

  @Test
  void rejectsBadCommandLinesNamingTheArgument() {
    assertThatThrownBy(() -> CliArgs.parse()).hasMessageContaining("'local'");
    assertThatThrownBy(() -> CliArgs.parse("remote", "up")).hasMessageContaining("'remote'");
    assertThatThrownBy(() -> CliArgs.parse("local")).hasMessageContaining("missing command");
    assertThatThrownBy(() -> CliArgs.parse("local", "explode")).hasMessageContaining("'explode'");
    assertThatThrownBy(() -> CliArgs.parse("local", "kill")).hasMessageContaining("NODE");
    assertThatThrownBy(() -> CliArgs.parse("local", "stop-zone")).hasMessageContaining("ZONE");
    assertThatThrownBy(() -> CliArgs.parse("local", "partition")).hasMessageContaining("TARGET");
    assertThatThrownBy(() -> CliArgs.parse("local", "heal", "a", "b")).hasMessageContaining("'b'");
    assertThatThrownBy(() -> CliArgs.parse("local", "kill", "a", "b")).hasMessageContaining("'b'");
    assertThatThrownBy(() -> CliArgs.parse("local", "status", "-o", "yaml"))
        .hasMessageContaining("'yaml'");
    assertThatThrownBy(() -> CliArgs.parse("local", "status", "-o"))
        .hasMessageContaining("-o json");
    assertThatThrownBy(() -> CliArgs.parse("local", "up", "--force"))
        .hasMessageContaining("'--force'");
    assertThatThrownBy(() -> CliArgs.parse("local", "down", "now")).hasMessageContaining("'now'");
    assertThatThrownBy(() -> CliArgs.parse("local", "up", "--nodes"))
        .hasMessageContaining("--nodes NODES.yaml");
    assertThatThrownBy(() -> CliArgs.parse("local", "drain")).hasMessageContaining("K8SNODE");
    assertThatThrownBy(() -> CliArgs.parse("local", "drain", "n", "--timeout", "soon"))
        .hasMessageContaining("invalid duration 'soon' for '--timeout'");
    assertThatThrownBy(() -> CliArgs.parse("local", "evict")).hasMessageContaining("NODE");
  }

  @Test
  void badArgumentsExitWith2AndUsage() {
    var err = new ByteArrayOutputStream();
    var out = new ByteArrayOutputStream();
    int code =
        new BanyanLocal(
                Path.of("."),
                Path.of("target/cli-test-home"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run("local", "frobnicate");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("error: unknown command 'frobnicate'")
        .contains("usage: banyan local");
  }

  @Test
  void commandsThatNeedARunningClusterSaySoWhenThereIsNone() {
    var err = new ByteArrayOutputStream();
    var out = new ByteArrayOutputStream();
    BanyanLocal cli =
        new BanyanLocal(
            Path.of("."),
            Path.of("target/cli-test-home-" + ProcessHandle.current().pid()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(cli.run("local", "status")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no local cluster is running");
    assertThat(cli.run("local", "down")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("nothing to stop");
  }
}
