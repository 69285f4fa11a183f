package io.banyan.operator.testing;

import java.nio.file.Path;

/** Where the repository's files (crds/, charts/, examples/) are, seen from the operator's tests. */
public final class Repo {
  private Repo() {}

  /** The repository root: {@code -Dbanyan.repo.root}, else the module's parent directory. */
  public static Path root() {
    return Path.of(System.getProperty("banyan.repo.root", "..")).toAbsolutePath().normalize();
  }
}
