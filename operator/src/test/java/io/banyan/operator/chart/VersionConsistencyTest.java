package io.banyan.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.banyan.operator.api.StoreClusterSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * One version names everything a user installs. Its source is the root pom's version without {@code
 * -SNAPSHOT}; the images are tagged with it ({@code bin/images}), and the chart's version and
 * appVersion, the operator image the chart deploys by default, and the data-node image the CRD
 * defaults to must all name it — never {@code latest}, which no build publishes — or a release
 * would deploy an operator that starts pods of another version.
 */
class VersionConsistencyTest {
  private static final Path ROOT = RenderedChart.repoRoot();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern BANYAN_IMAGE =
      Pattern.compile("ghcr\\.io/banyan/banyan-(node|operator):([A-Za-z0-9_.<>-]+)");

  /** The version source, read as Maven reads it (the root pom's project/version). */
  static String version() throws Exception {
    var pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(ROOT.resolve("pom.xml").toFile())
            .getDocumentElement();
    for (var node = pom.getFirstChild(); node != null; node = node.getNextSibling()) {
      if ("version".equals(node.getNodeName())) {
        return node.getTextContent().trim().replaceFirst("-SNAPSHOT$", "");
      }
    }
    throw new AssertionError("the root pom.xml has no <version>");
  }

  @Test
  void theVersionIsAReleaseNumber() throws Exception {
    assertThat(version()).matches("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void binImagesTagsTheImagesWithTheVersion() throws Exception {
    String version = version();
    assertThat(run("version")).isEqualTo(version);
    assertThat(run("tags"))
        .isEqualTo(
            "ghcr.io/banyan/banyan-node:"
                + version
                + "\nghcr.io/banyan/banyan-operator:"
                + version);
  }

  @Test
  void theChartsVersionAndAppVersionAreTheVersion() throws Exception {
    JsonNode chart = YAML.readTree(RenderedChart.chartDir().resolve("Chart.yaml").toFile());
    assertThat(chart.path("appVersion").asText()).as("Chart.yaml appVersion").isEqualTo(version());
    assertThat(chart.path("version").asText()).as("Chart.yaml version").isEqualTo(version());
  }

  @Test
  void theChartDeploysTheOperatorImageOfTheVersionByDefault() throws Exception {
    JsonNode values = YAML.readTree(RenderedChart.chartDir().resolve("values.yaml").toFile());
    assertThat(values.path("image").path("repository").asText())
        .isEqualTo("ghcr.io/banyan/banyan-operator");
    // Empty means the chart's appVersion (checked above): one place to change per release.
    assertThat(values.path("image").path("tag").asText())
        .as("values.yaml image.tag: empty (the appVersion) or the version")
        .isIn("", version());

    Deployment deployment = RenderedChart.render().single("Deployment", Deployment.class);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/banyan/banyan-operator:" + version());
  }

  @Test
  void theCrdDefaultsToTheDataNodeImageOfTheVersion() throws Exception {
    String image = "ghcr.io/banyan/banyan-node:" + version();
    assertThat(StoreClusterSpec.DEFAULT_IMAGE).isEqualTo(image);
    for (Path crd :
        List.of(
            ROOT.resolve("crds/storeclusters.banyan.io-v1.yml"),
            RenderedChart.chartDir().resolve("crds/storeclusters.banyan.io-v1.yml"))) {
      JsonNode schema =
          YAML.readTree(crd.toFile())
              .path("spec")
              .path("versions")
              .path(0)
              .path("schema")
              .path("openAPIV3Schema");
      JsonNode specImage = schema.path("properties").path("spec").path("properties").path("image");
      assertThat(specImage.path("default").asText())
          .as("default of spec.image in %s", ROOT.relativize(crd))
          .isEqualTo(image);
    }
  }

  /**
   * Install instructions and examples name the images with the version (or a {@code <version>}
   * placeholder), so copying them never pulls a tag that does not exist.
   */
  @Test
  void examplesChartAndInstallDocsNameTheVersion() throws Exception {
    String version = version();
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    files.add(ROOT.resolve("docs/images.md"));
    for (String dir : List.of("examples", "charts")) {
      try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    List<String> wrong = new ArrayList<>();
    for (Path file : files) {
      Matcher m = BANYAN_IMAGE.matcher(Files.readString(file));
      while (m.find()) {
        String tag = m.group(2);
        if (!tag.equals(version) && !tag.equals("<version>")) {
          wrong.add(ROOT.relativize(file) + ": " + m.group());
        }
      }
    }
    assertThat(wrong).as("image references that do not name version %s", version).isEmpty();
  }

  private static String run(String command) throws Exception {
    Process p =
        new ProcessBuilder("bash", ROOT.resolve("bin/images").toString(), command)
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bin/images %s finished", command).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as("bin/images %s: %s", command, out).isZero();
    return out;
  }
}
