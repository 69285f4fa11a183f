package io.banyan.node.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.config.ConfigLoader;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** banyan-start-fenced: a node (re)started with it refuses writes until the operator admits it. */
class FenceStartupTest {
  private static final String FENCED_AT_0 =
      "FENCED this node is fenced at epoch 0: it accepts writes only after the operator admits it";

  @TempDir Path dir;

  private static String banyan(Jedis j, String... args) {
    Object reply = j.sendCommand(() -> "BANYAN".getBytes(StandardCharsets.US_ASCII), args);
    return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : reply.toString();
  }

  private static String infoField(Jedis j, String field) {
    for (String line : j.info("replication").split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    return null;
  }

  @Test
  void theCommandLineOptionStartsTheNodeFencedAndARestartFencesItAgain() throws Exception {
    int port = NodeProcess.freePort();
    try (NodeProcess node =
        NodeProcess.startOnPort(port, dir, "--banyan-start-fenced", "yes", "--appendonly", "yes")) {
      Jedis j = node.jedis();
      assertThat(j.configGet("banyan-start-fenced")).containsEntry("banyan-start-fenced", "yes");
      assertThat(banyan(j, "EPOCH")).isEqualTo("0");
      assertThat(infoField(j, "banyan_fenced")).isEqualTo("1");
      assertThat(infoField(j, "banyan_epoch")).isEqualTo("0");
      assertThatThrownBy(() -> j.set("k", "v")).hasMessage(FENCED_AT_0);
      assertThat(banyan(j, "ADMIT", "0")).isEqualTo("OK");
      assertThat(j.set("k", "v")).isEqualTo("OK");
      assertThat(banyan(j, "FENCE", "7")).isEqualTo("OK");
      assertThat(banyan(j, "ADMIT", "7")).isEqualTo("OK");
      node.kill9();
    }
    // The fence lives in memory only: the restarted node is fenced again, while its data (from
    // the AOF) is back. The epoch was persisted in <dir>/banyan-epoch: it does not go back to 0,
    // so an operator that lost its status cannot admit it at an older epoch.
    try (NodeProcess node =
        NodeProcess.startOnPort(port, dir, "--banyan-start-fenced", "yes", "--appendonly", "yes")) {
      Jedis j = node.jedis();
      assertThat(banyan(j, "EPOCH")).isEqualTo("7");
      assertThat(infoField(j, "banyan_fenced")).isEqualTo("1");
      assertThat(j.get("k")).isEqualTo("v");
      assertThatThrownBy(() -> j.del("k"))
          .hasMessage(
              "FENCED this node is fenced at epoch 7: it accepts writes only after the operator"
                  + " admits it");
      assertThatThrownBy(() -> banyan(j, "ADMIT", "1"))
          .hasMessage("STALEEPOCH epoch 1 is older than this node's epoch 7");
      assertThat(infoField(j, "banyan_fenced")).isEqualTo("1");
      assertThat(banyan(j, "PROMOTE", "8")).isEqualTo("OK");
      assertThat(j.del("k")).isEqualTo(1);
    }
    assertThat(Files.readString(dir.resolve("banyan-epoch"))).isEqualTo("8\n");
  }

  @Test
  void aCorruptEpochFileStopsTheStartNamingTheFile() throws Exception {
    Path file = dir.resolve("banyan-epoch");
    Files.writeString(file, "seven\n");
    try (NodeProcess node = NodeProcess.startExpectingExit(dir, "--banyan-start-fenced", "yes")) {
      assertThat(node.exitCode()).isEqualTo(1);
      assertThat(node.output()).contains("the epoch file " + file.toAbsolutePath() + " is corrupt");
    }
    // The file is left as it was, for the operator or a person to look at.
    assertThat(Files.readString(file)).isEqualTo("seven\n");
  }

  @Test
  void withoutTheOptionANodeStartsAdmitted() throws Exception {
    try (NodeProcess node = NodeProcess.start(dir)) {
      Jedis j = node.jedis();
      assertThat(j.configGet("banyan-start-fenced")).containsEntry("banyan-start-fenced", "no");
      assertThat(infoField(j, "banyan_fenced")).isEqualTo("0");
      assertThat(j.set("k", "v")).isEqualTo("OK");
    }
  }

  @Test
  void theConfigFileCanSetTheOption() throws Exception {
    Path conf = dir.resolve("banyan.conf");
    Files.writeString(conf, "port 6379\nbanyan-start-fenced yes\n");
    ServerConfig config = new ServerConfig();
    new ConfigLoader(config).loadText(Files.readString(conf), conf.toString()).finish();
    assertThat(config.banyanStartFenced).isTrue();
    assertThat(config.registry().get("banyan-start-fenced")).isEqualTo("yes");
  }
}
