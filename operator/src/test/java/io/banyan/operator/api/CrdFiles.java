package io.banyan.operator.api;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository's CRD and examples, and the CRD freshly generated from the model. */
final class CrdFiles {
  static final String CRD_FILE = StoreCluster.CRD_NAME + "-v1.yml";

  private CrdFiles() {}

  static Path repoRoot() {
    return io.banyan.operator.testing.Repo.root();
  }

  static Path committedCrd() {
    return repoRoot().resolve("crds").resolve(CRD_FILE);
  }

  static Path examples() {
    return repoRoot().resolve("examples");
  }

  /** Generates the CRD from {@link StoreCluster} into target/ and returns the file. */
  static synchronized Path generate() {
    Path dir = Path.of("target", "generated-crd").toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    new CRDGenerator()
        .inOutputDir(dir.toFile())
        .forCRDVersions("v1")
        .customResourceClasses(StoreCluster.class)
        .generate();
    return dir.resolve(CRD_FILE);
  }
}
