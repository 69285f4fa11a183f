package io.banyan.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * How the other {@code banyan local} commands (separate JVMs) find the running {@code up}: a JSON
 * file in {@code $BANYAN_LOCAL_HOME} (default {@code ~/.banyan/local}) rewritten as the cluster
 * changes, removed when {@code up} ends.
 *
 * @param upPid the {@code up} process, which {@code down} signals
 * @param controlPort the loopback port of {@code up}'s control socket
 * @param pids node name → data-node process id (what {@code down} cleans up if {@code up} died)
 */
record StateFile(
    String cluster,
    String namespace,
    String apiUrl,
    long upPid,
    int controlPort,
    String dataDir,
    Map<String, String> endpoints,
    Map<String, Long> pids) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** {@code $BANYAN_LOCAL_HOME}, or {@code ~/.banyan/local}. */
  static Path home() {
    String configured = System.getenv("BANYAN_LOCAL_HOME");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".banyan", "local");
  }

  static Path location(Path home) {
    return home.resolve("state.json");
  }

  static Optional<StateFile> read(Path home) {
    Path file = location(home);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), StateFile.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (delete it if no cluster runs)", e);
    }
  }

  /** Writes atomically, so a reader never sees half a file. */
  void write(Path home) {
    try {
      Files.createDirectories(home);
      Path tmp = home.resolve("state.json.tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(
          tmp, location(home), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path home) {
    try {
      Files.deleteIfExists(location(home));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean upAlive() {
    return ProcessHandle.of(upPid).map(ProcessHandle::isAlive).orElse(false);
  }
}
