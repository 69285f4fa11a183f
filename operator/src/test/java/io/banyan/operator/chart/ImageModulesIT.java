package io.banyan.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java runtimes bin/images links hold only the modules listed in each image's {@code
 * jlink-modules} file. A new dependency that needs another platform module would otherwise fail at
 * run time, in a code path the smoke test may not reach ({@code NoClassDefFoundError}). This asks
 * jdeps which platform modules the packaged jars use (plus what modular jars declare in their
 * module-info, which jdeps cannot analyse without their own dependencies) and fails when one is
 * neither linked — listed, or required by a listed one — nor excluded with a reason.
 *
 * <p>Runs after packaging (failsafe): it reads {@code data-node/target} and {@code
 * operator/target/quarkus-app}. Service-loaded modules (jdk.zipfs for Quarkus) are invisible to
 * jdeps; they are in the lists because the smoke test failed without them.
 */
class ImageModulesIT {
  private static final Path ROOT = RenderedChart.repoRoot();
  private static final ModuleFinder SYSTEM = ModuleFinder.ofSystem();

  /**
   * Failsafe sets banyan.packaged; surefire runs these only when a -Dtest pattern names them, i.e.
   * before this build packaged anything — they would read stale or missing jars.
   */
  static void assumePackaged() {
    assumeTrue(
        Boolean.getBoolean("banyan.packaged"),
        "runs after packaging, by failsafe (mvn verify), not by surefire");
  }

  @BeforeEach
  void packaged() {
    assumePackaged();
  }

  @Test
  void theDataNodeRuntimeHasEveryModuleItsJarsUse() throws IOException {
    Path target = ROOT.resolve("data-node/target");
    List<Path> jars = new ArrayList<>(List.of(target.resolve("banyan-node.jar")));
    jars.addAll(jarsUnder(target.resolve("lib")));
    check(ROOT.resolve("data-node/docker/jlink-modules"), jars);
  }

  @Test
  void theOperatorRuntimeHasEveryModuleItsJarsUse() throws IOException {
    Path app = ROOT.resolve("operator/target/quarkus-app");
    check(ROOT.resolve("operator/src/main/docker/jlink-modules"), jarsUnder(app));
  }

  private static void check(Path listFile, List<Path> jars) throws IOException {
    assertThat(jars).as("packaged jars for %s", ROOT.relativize(listFile)).hasSizeGreaterThan(1);
    ModuleList list = ModuleList.parse(listFile);
    String name = ROOT.relativize(listFile).toString();
    assertThat(list.kept())
        .as("%s: modules this JDK has", name)
        .allMatch(m -> SYSTEM.find(m).isPresent());
    assertThat(list.kept()).as("%s keeps java.base", name).contains("java.base");

    Set<String> linked = closure(list.kept());
    assertThat(list.excluded())
        .as("%s: excluded modules that listed ones require (jlink would add them anyway)", name)
        .doesNotContainAnyElementsOf(linked);

    Set<String> used = usedPlatformModules(jars);
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(linked);
    missing.removeAll(list.excluded());
    assertThat(missing)
        .as(
            "platform modules the jars use that %s neither lists nor excludes (jdeps found %s;"
                + " `jdeps -summary --ignore-missing-deps <jars>` shows which jar needs them)",
            name, used)
        .isEmpty();
  }

  /** A module and every module it requires, as jlink resolves them. */
  private static Set<String> closure(Set<String> roots) {
    Set<String> seen = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String module = todo.pop();
      if (seen.add(module)) {
        SYSTEM
            .find(module)
            .ifPresent(ref -> ref.descriptor().requires().forEach(r -> todo.push(r.name())));
      }
    }
    return seen;
  }

  /**
   * jdeps over the jars that have no module-info (the class path, as Quarkus and the launcher run
   * them), plus the platform modules each modular jar's module-info requires.
   */
  private static Set<String> usedPlatformModules(List<Path> jars) {
    Set<String> used = new TreeSet<>();
    List<String> plain = new ArrayList<>();
    for (Path jar : jars) {
      Optional<ModuleDescriptor> descriptor = explicitModule(jar);
      if (descriptor.isPresent()) {
        descriptor.get().requires().stream()
            .map(ModuleDescriptor.Requires::name)
            .filter(m -> SYSTEM.find(m).isPresent())
            .forEach(used::add);
      } else {
        plain.add(jar.toString());
      }
    }
    ToolProvider jdeps =
        ToolProvider.findFirst("jdeps")
            .orElseThrow(() -> new AssertionError("no jdeps: run on a JDK"));
    List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps"));
    args.addAll(List.of("--multi-release", Integer.toString(Runtime.version().feature())));
    args.addAll(plain);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    assertThat(exit).as("jdeps: %s", err).isZero();
    String lastLine = out.toString().strip().lines().reduce((a, b) -> b).orElse("");
    Arrays.stream(lastLine.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .forEach(used::add);
    assertThat(used).as("jdeps output: %s", out).contains("java.base");
    return used;
  }

  private static Optional<ModuleDescriptor> explicitModule(Path jar) {
    try {
      return ModuleFinder.of(jar).findAll().stream()
          .map(ModuleReference::descriptor)
          .filter(d -> !d.isAutomatic())
          .findFirst();
    } catch (FindException e) {
      // Not a valid automatic module name (e.g. a package segment "private"): class path only.
      return Optional.empty();
    }
  }

  private static List<Path> jarsUnder(Path dir) throws IOException {
    assertThat(dir).as("built by mvn package").isDirectory();
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  /** A jlink-modules file: one module per line, "-name" to exclude, "#" starts a comment. */
  record ModuleList(Set<String> kept, Set<String> excluded) {
    static ModuleList parse(Path file) throws IOException {
      List<String> lines =
          Files.readAllLines(file).stream()
              .map(line -> line.replaceFirst("#.*", "").strip())
              .filter(line -> !line.isEmpty())
              .toList();
      return new ModuleList(
          lines.stream()
              .filter(l -> !l.startsWith("-"))
              .collect(Collectors.toCollection(TreeSet::new)),
          lines.stream()
              .filter(l -> l.startsWith("-"))
              .map(l -> l.substring(1))
              .collect(Collectors.toCollection(TreeSet::new)));
    }
  }
}
