package io.banyan.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Protected mode's admission rule, as Redis 7.0: independent of the bind addresses. */
class ProtectedModeTest {
  private static InetSocketAddress from(String ip) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), 40000);
  }

  @Test
  void withoutAPasswordOnlyLoopbackClientsAreAccepted() throws Exception {
    assertThat(ClientHandler.protectedModeDenies(true, true, from("10.1.2.3"))).isTrue();
    assertThat(ClientHandler.protectedModeDenies(true, true, from("fd00::7"))).isTrue();
    assertThat(ClientHandler.protectedModeDenies(true, true, from("127.0.0.1"))).isFalse();
    assertThat(ClientHandler.protectedModeDenies(true, true, from("::1"))).isFalse();
  }

  @Test
  void aPasswordOrProtectedModeOffAdmitsEveryone() throws Exception {
    assertThat(ClientHandler.protectedModeDenies(true, false, from("10.1.2.3"))).isFalse();
    assertThat(ClientHandler.protectedModeDenies(false, true, from("10.1.2.3"))).isFalse();
  }

  @Test
  void theRefusalIsRedisText() {
    assertThat(ClientHandler.PROTECTED_MODE_DENIED)
        .startsWith("-DENIED Redis is running in protected mode because protected mode is enabled")
        .endsWith("start accepting connections from the outside.\r\n");
  }
}
