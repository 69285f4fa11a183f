package io.banyan.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code banyan render FILE}: output, messages and exit status. */
class RenderCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    return RenderCommand.run(
        args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static Path example(String file) {
    return Path.of(System.getProperty("banyan.repo.root", "..")).resolve("examples").resolve(file);
  }

  @Test
  void aValidFileIsPrintedAsYamlWithStatusZero() {
    assertThat(run("", example("minimal-one-zone.yaml").toString())).isZero();
    String yaml = out.toString(StandardCharsets.UTF_8);
    assertThat(yaml).startsWith("---\n").contains("kind: \"Pod\"", "name: \"minimal-local-0\"");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void standardInputWorksToo() throws Exception {
    assertThat(run(Files.readString(example("minimal-one-zone.yaml")), "-")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("kind: \"PodDisruptionBudget\"");
  }

  @Test
  void anInvalidFileGetsItsProblemsNamedAndStatusOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        Files.readString(example("minimal-one-zone.yaml"))
            .replace("podAntiAffinity: Preferred", "podAntiAffinity: Maybe"));
    assertThat(run("", file.toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith(file + ": spec.scheduling.podAntiAffinity: ");
  }

  @Test
  void missingFileAndBadCommandLine() {
    assertThat(run("", "/no/such/file.yaml")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("/no/such/file.yaml: no such file");
    assertThat(run("")).isEqualTo(2);
    assertThat(run("", "a", "b")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: banyan render FILE");
  }
}
