package io.banyan.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Redis sizes and Kubernetes quantities, and where the two notations meet. */
class MemorySizeTest {
  @Test
  void redisSizes() {
    assertThat(MemorySize.bytes("100")).isEqualTo(100);
    assertThat(MemorySize.bytes("1k")).isEqualTo(1000);
    assertThat(MemorySize.bytes("1kb")).isEqualTo(1024);
    assertThat(MemorySize.bytes("512mb")).isEqualTo(512L * 1024 * 1024);
    assertThat(MemorySize.bytes("4GB")).isEqualTo(4L * 1024 * 1024 * 1024);
    assertThat(MemorySize.bytes("2m")).as("Redis's mega, not milli").isEqualTo(2_000_000);
  }

  @Test
  void quantities() {
    assertThat(MemorySize.bytes("2Gi")).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(MemorySize.bytes("1.5Gi")).isEqualTo(1610612736L);
    assertThat(MemorySize.bytes("1G")).isEqualTo(1_000_000_000L);
    assertThat(MemorySize.bytes("1M")).isEqualTo(MemorySize.bytes("1m"));
    assertThat(MemorySize.bytes("1T")).isEqualTo(1_000_000_000_000L);
  }

  @Test
  void anythingElseIsRefused() {
    for (String bad : new String[] {"", "lots", "1.5gb", "-1", "1 gb", "1Gib"}) {
      assertThatThrownBy(() -> MemorySize.bytes(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThat(bad.matches(MemorySize.PATTERN)).as(bad).isFalse();
    }
  }
}
