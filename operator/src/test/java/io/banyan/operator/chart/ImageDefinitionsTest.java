package io.banyan.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Cheap checks of the two Dockerfiles, without building them (ImagesSmokeIT builds and runs them
 * where podman exists): every COPY source is either a file in the source tree (which must exist
 * now) or a build output under target/ (which must be one the Maven build or bin/images is
 * configured to produce), both images take their Java from the runtime bin/images links, run as a
 * fixed numeric user, and the data-node image puts the {@code banyan-node} launcher on PATH with
 * the layout the launcher expects.
 */
class ImageDefinitionsTest {
  private static final Path ROOT = RenderedChart.repoRoot();
  private static final Path OPERATOR_DOCKERFILE =
      Path.of("operator/src/main/docker/Dockerfile.jvm");
  private static final Path NODE_DOCKERFILE = Path.of("data-node/Dockerfile");

  /** One COPY instruction: source path relative to the build context (the repo root), target. */
  record Copy(String source, String target) {}

  @Test
  void sourceTreeFilesCopiedIntoImagesExist() throws IOException {
    for (Path dockerfile : List.of(OPERATOR_DOCKERFILE, NODE_DOCKERFILE)) {
      List<Copy> copies = copies(dockerfile);
      assertThat(copies).as("COPY instructions in %s", dockerfile).isNotEmpty();
      copies.stream()
          .filter(copy -> !isBuildOutput(copy.source()))
          .forEach(
              copy ->
                  assertThat(ROOT.resolve(copy.source()))
                      .as("%s copies %s", dockerfile, copy.source())
                      .exists());
    }
  }

  @Test
  void bothImagesRunTheJavaRuntimeBinImagesLinksAsAFixedUser() throws IOException {
    String script = read("bin/images");
    assertThat(script)
        .contains("build_dir=\"$root/target/images\"")
        .contains("dir=\"$build_dir/runtime/$1\"")
        .contains("runtime node \"$root/data-node/docker/jlink-modules\"")
        .contains("runtime operator \"$root/operator/src/main/docker/jlink-modules\"");
    record Image(Path dockerfile, String runtime, String user) {}
    for (Image image :
        List.of(
            new Image(NODE_DOCKERFILE, "node", "10001:10001"),
            new Image(OPERATOR_DOCKERFILE, "operator", "185:185"))) {
      assertThat(
              targetOf(
                  copies(image.dockerfile()), "target/images/runtime/" + image.runtime() + "/"))
          .isEqualTo("/opt/java/");
      assertThat(read(image.dockerfile().toString()))
          .contains("JAVA_HOME=/opt/java")
          .contains("FROM ${BASE_IMAGE}")
          .containsPattern("(?m)^USER " + image.user() + "$");
    }
  }

  @Test
  void operatorImageCopiesTheWholeQuarkusFastJar() throws IOException {
    assertThat(copies(OPERATOR_DOCKERFILE))
        .extracting(Copy::source)
        .containsExactlyInAnyOrder(
            "target/images/runtime/operator/",
            "operator/target/quarkus-app/lib/",
            "operator/target/quarkus-app/quarkus-run.jar",
            "operator/target/quarkus-app/app/",
            "operator/target/quarkus-app/quarkus/");
    // fast-jar is Quarkus' default packaging; another jar type would not produce quarkus-app/.
    assertThat(read("operator/src/main/resources/application.properties"))
        .doesNotContain("quarkus.package.jar.type");
  }

  @Test
  void dataNodeImageBuildOutputsAreWhatTheDataNodeBuildProduces() throws IOException {
    List<String> sources = copies(NODE_DOCKERFILE).stream().map(Copy::source).toList();
    assertThat(sources).contains("data-node/target/banyan-node.jar", "data-node/target/lib/");

    String pom = read("data-node/pom.xml");
    assertThat(pom).contains("<finalName>banyan-node</finalName>");
    assertThat(pom).contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>");
  }

  @Test
  void dataNodeImageKeepsTheLaunchersLayoutAndPutsItOnPath() throws IOException {
    List<Copy> copies = copies(NODE_DOCKERFILE);
    String launcherTarget = targetOf(copies, "data-node/bin/banyan-node");
    String home =
        launcherTarget.substring(0, launcherTarget.length() - "/bin/banyan-node".length());

    // The launcher sources $here/../bin/lib/jdk.sh and runs $here/target/banyan-node.jar, where
    // $here is the directory above its own bin/.
    assertThat(read("data-node/bin/banyan-node"))
        .contains("\"$here/../bin/lib/jdk.sh\"")
        .contains("jar=\"$here/target/banyan-node.jar\"");
    assertThat(copies)
        .extracting(Copy::target)
        .contains(
            Path.of(home).getParent().resolve("bin/lib/jdk.sh").toString(),
            home + "/target/banyan-node.jar",
            home + "/target/lib/");

    String dockerfile = read(NODE_DOCKERFILE.toString());
    assertThat(dockerfile).contains("PATH=\"" + home + "/bin:");
    assertThat(dockerfile).contains("ENTRYPOINT [\"banyan-node\"]");
    assertThat(dockerfile).containsPattern("(?m)^USER [1-9][0-9]*");
    assertThat(dockerfile)
        .contains("EXPOSE 6379")
        .contains("VOLUME /data")
        .contains("WORKDIR /data");
  }

  private static boolean isBuildOutput(String source) {
    return source.startsWith("target/") || source.contains("/target/");
  }

  private static String targetOf(List<Copy> copies, String source) {
    return copies.stream()
        .filter(copy -> copy.source().equals(source))
        .map(Copy::target)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no COPY of " + source + " in " + copies));
  }

  /** COPY instructions; options such as --chown are skipped, one source per instruction. */
  static List<Copy> copies(Path dockerfile) throws IOException {
    try (Stream<String> lines = Files.lines(ROOT.resolve(dockerfile))) {
      return lines
          .map(String::strip)
          .filter(line -> line.startsWith("COPY "))
          .map(
              line ->
                  Stream.of(line.substring(5).trim().split("\\s+"))
                      .filter(word -> !word.startsWith("--"))
                      .toList())
          .map(words -> new Copy(words.get(0), words.get(words.size() - 1)))
          .toList();
    }
  }

  private static String read(String relative) throws IOException {
    return Files.readString(ROOT.resolve(relative));
  }
}
