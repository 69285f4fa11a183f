package io.banyan.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's memory sizing, read from the JVM options it prints with BANYAN_PRINT_JVM_OPTS=1:
 * the limit is the smallest of BANYAN_MEMORY_LIMIT and the cgroup's (v2 memory.max, v1
 * memory.limit_in_bytes; a fake cgroup folder stands in through BANYAN_CGROUP_ROOT).
 */
class LauncherOptionsIT {
  private static final long MIB = 1024 * 1024;

  @TempDir Path cgroup;

  @Test
  void noLimitKeepsTheJvmDefaultsButExitsOnOutOfMemory() throws Exception {
    String opts = run(Map.of());
    assertThat(opts).contains("-XX:+ExitOnOutOfMemoryError").doesNotContain("-Xmx");
  }

  @Test
  void sizesTheHeapFromBanyanMemoryLimit() throws Exception {
    // 1 GiB: direct = 1/8 = 128 MiB; heap = 1024 - 96 - 64 - 128 = 736 MiB.
    assertThat(run(Map.of("BANYAN_MEMORY_LIMIT", Long.toString(1024 * MIB))))
        .contains("-Xmx736m", "-XX:MaxDirectMemorySize=128m", "-XX:+ExitOnOutOfMemoryError");
    // 256 MiB: direct at its 32 MiB floor; heap = 256 - 96 - 16 - 32 = 112 MiB.
    assertThat(run(Map.of("BANYAN_MEMORY_LIMIT", Long.toString(256 * MIB))))
        .contains("-Xmx112m", "-XX:MaxDirectMemorySize=32m");
  }

  @Test
  void takesTheSmallerOfTheEnvironmentAndTheCgroupV2Limit() throws Exception {
    Files.writeString(cgroup.resolve("memory.max"), (512 * MIB) + "\n");
    assertThat(run(Map.of("BANYAN_MEMORY_LIMIT", Long.toString(1024 * MIB))))
        .contains("-Xmx320m"); // 512 - 96 - 32 - 64
    Files.writeString(cgroup.resolve("memory.max"), "max\n");
    assertThat(run(Map.of())).doesNotContain("-Xmx");
  }

  @Test
  void readsTheCgroupV1Limit() throws Exception {
    Files.createDirectories(cgroup.resolve("memory"));
    Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), (512 * MIB) + "\n");
    assertThat(run(Map.of())).contains("-Xmx320m");
    Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
    assertThat(run(Map.of())).doesNotContain("-Xmx");
  }

  @Test
  void refusesABadLimitNamingTheVariable() throws Exception {
    Process p = launcher(Map.of("BANYAN_MEMORY_LIMIT", "1Gi"));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isEqualTo(1);
    assertThat(out).contains("BANYAN_MEMORY_LIMIT must be a positive number of bytes, got '1Gi'");
    p = launcher(Map.of("BANYAN_MEMORY_LIMIT", Long.toString(128 * MIB)));
    out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isEqualTo(1);
    assertThat(out).contains("leaves less than 64 MiB of heap");
  }

  private String run(Map<String, String> env) throws Exception {
    Process p = launcher(env);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  private Process launcher(Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(Path.of("bin", "banyan-node").toAbsolutePath().toString())
            .redirectErrorStream(true);
    pb.environment().remove("BANYAN_MEMORY_LIMIT");
    pb.environment().remove("BANYAN_JAVA_OPTS");
    pb.environment().put("BANYAN_CGROUP_ROOT", cgroup.toString());
    pb.environment().put("BANYAN_PRINT_JVM_OPTS", "1");
    pb.environment().putAll(env);
    return pb.start();
  }
}
