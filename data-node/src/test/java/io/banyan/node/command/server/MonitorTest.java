package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import org.junit.jupiter.api.Test;

class MonitorTest extends ServerTestBase {
  @Test
  void monitorStreamsOtherClientsCommands() throws Exception {
    RespClient monitor = resp();
    RespClient worker = resp();
    assertThat(monitor.call("MONITOR")).isEqualTo("OK");
    String addr =
        RespClient.str(worker.call("CLIENT", "INFO")).replaceAll("^.* addr=(\\S+) .*\\s*$", "$1");
    worker.call("SET", "k", "a \"quoted\"\nvalue");
    worker.call("SELECT", "3");
    worker.call("GET", "k");
    String prefix = "^\\d{10}\\.\\d{6} \\[";
    assertThat((String) monitor.read())
        .matches(prefix + "0 " + addr.replace(".", "\\.") + "\\] \"CLIENT\" \"INFO\"$");
    assertThat((String) monitor.read())
        .matches(prefix + "0 [^]]+\\] \"SET\" \"k\" \"a \\\\\"quoted\\\\\"\\\\nvalue\"$");
    // fed after execution, as Redis: SELECT already shows the new database
    assertThat((String) monitor.read()).matches(prefix + "3 [^]]+\\] \"SELECT\" \"3\"$");
    assertThat((String) monitor.read()).matches(prefix + "3 [^]]+\\] \"GET\" \"k\"$");
    assertThat(server.onCommandThread(() -> server.engine().monitors().size())).isEqualTo(1);
    assertThat(monitor.call("RESET")).isEqualTo("RESET");
    assertThat(server.onCommandThread(() -> server.engine().monitors().size())).isEqualTo(0);
  }

  @Test
  void administrativeCommandsAreNotShown() {
    RespClient monitor = resp();
    RespClient worker = resp();
    assertThat(monitor.call("MONITOR")).isEqualTo("OK");
    worker.call("DEBUG", "SLEEP", "0");
    worker.call("CLIENT", "KILL", "ID", "999999");
    worker.call("ECHO", "visible");
    assertThat((String) monitor.read()).endsWith("\"ECHO\" \"visible\"");
  }

  @Test
  void aSecondMonitorCommandIsIgnored() {
    RespClient monitor = resp();
    assertThat(monitor.call("MONITOR")).isEqualTo("OK");
    monitor.send("MONITOR"); // no reply, as Redis
    assertThat(monitor.call("PING")).isEqualTo("PONG");
  }
}
