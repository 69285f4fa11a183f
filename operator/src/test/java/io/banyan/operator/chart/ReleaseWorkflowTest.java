package io.banyan.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release workflow cannot run here (no GitHub runner, no registry), so this parses it as YAML
 * and checks what would make a release wrong: the trigger, the permission to push packages, the
 * order build → smoke → push, that images come from the same {@code bin/images} developers use,
 * that the chart is pushed as an OCI artifact, and — by running it — that the tag check accepts
 * {@code v<version>} and refuses any other tag. Every {@code run} script must parse as bash.
 */
class ReleaseWorkflowTest {
  private static final Path ROOT = RenderedChart.repoRoot();
  private static JsonNode workflow;
  private static List<JsonNode> steps;

  @BeforeAll
  static void parse() throws Exception {
    workflow = new YAMLMapper().readTree(ROOT.resolve(".github/workflows/release.yml").toFile());
    assertThat(workflow.path("jobs").size()).as("one job").isEqualTo(1);
    steps = new ArrayList<>();
    workflow.path("jobs").elements().next().path("steps").forEach(steps::add);
    assertThat(steps).isNotEmpty();
  }

  @Test
  void runsOnVersionTagsOnly() {
    // YAML 1.1 readers turn the key "on" into true; accept either spelling.
    JsonNode on = workflow.has("on") ? workflow.path("on") : workflow.path("true");
    assertThat(on.fieldNames()).toIterable().containsExactly("push");
    assertThat(on.path("push").fieldNames()).toIterable().containsExactly("tags");
    assertThat(on.path("push").path("tags")).extracting(JsonNode::asText).containsExactly("v*");
  }

  @Test
  void mayPushPackagesAndNothingElse() {
    assertThat(workflow.path("permissions").path("packages").asText()).isEqualTo("write");
    assertThat(workflow.path("permissions").path("contents").asText()).isEqualTo("read");
  }

  @Test
  void everyStepIsNamedAndEveryActionPinnedToAMajorVersion() {
    assertThat(steps).allSatisfy(step -> assertThat(step.path("name").asText()).isNotBlank());
    assertThat(steps)
        .filteredOn(step -> step.has("uses"))
        .extracting(step -> step.path("uses").asText())
        .isNotEmpty()
        .allMatch(uses -> uses.matches("[\\w.-]+/[\\w.-]+@v\\d+"), "owner/action@vN");
  }

  @Test
  void checksTheTagThenBuildsSmokeTestsAndPushesWithBinImages() {
    int tagCheck = stepRunning("./bin/images version");
    int jars = stepRunning("mvn ");
    int build = stepRunning("./bin/images build");
    int smoke = stepRunning("./bin/images smoke");
    int push = stepRunning("./bin/images push");
    int chart = stepRunning("helm push");
    assertThat(List.of(tagCheck, jars, build, smoke, push, chart)).isSorted();
    // The same registry bin/images tags for by default, which the CRD and chart name.
    JsonNode env = workflow.path("jobs").elements().next().path("env");
    assertThat(env.path("BANYAN_IMAGE_REGISTRY").asText()).isEqualTo("ghcr.io/banyan");
    String chartStep = steps.get(chart).path("run").asText();
    assertThat(chartStep)
        .contains("helm package charts/banyan-operator")
        .contains("helm registry login ghcr.io");
    assertThat(env.path("CHART_REPOSITORY").asText()).isEqualTo("oci://ghcr.io/banyan/charts");
  }

  @Test
  void everyRunScriptParsesAsBash(@TempDir Path tmp) throws Exception {
    for (JsonNode step : steps) {
      if (step.has("run")) {
        Path script = Files.writeString(tmp.resolve("step.sh"), step.path("run").asText());
        Result r = bash(Map.of(), "-n", script.toString());
        assertThat(r.exit()).as("bash -n of step '%s': %s", step.path("name"), r.out()).isZero();
      }
    }
  }

  @Test
  void theTagCheckAcceptsTheVersionsTagAndRefusesAnyOther(@TempDir Path tmp) throws Exception {
    Path script =
        Files.writeString(
            tmp.resolve("check.sh"),
            steps.get(stepRunning("./bin/images version")).path("run").asText());
    String version = VersionConsistencyTest.version();
    Path env = tmp.resolve("github-env");

    Result good =
        bash(
            Map.of("GITHUB_REF_NAME", "v" + version, "GITHUB_ENV", env.toString()),
            script.toString());
    assertThat(good.exit()).as(good.out()).isZero();
    assertThat(Files.readString(env)).isEqualTo("VERSION=" + version + "\n");

    for (String tag : List.of(version, "v" + version + ".1", "v0.0.0-rc1", "latest")) {
      Result bad =
          bash(Map.of("GITHUB_REF_NAME", tag, "GITHUB_ENV", env.toString()), script.toString());
      assertThat(bad.exit()).as("tag %s", tag).isNotZero();
      assertThat(bad.out()).contains("::error::tag " + tag).contains("v" + version);
    }
  }

  private static int stepRunning(String text) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).path("run").asText().contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no step runs '" + text + "'");
  }

  record Result(int exit, String out) {}

  private static Result bash(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bash %s finished", List.of(args)).isTrue();
    return new Result(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
