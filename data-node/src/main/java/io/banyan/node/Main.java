package io.banyan.node;

import io.banyan.node.config.CommandLine;
import io.banyan.node.config.ConfigException;
import io.banyan.node.config.ConfigLoader;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code banyan-node [config-file] [--name value ...]}: starts a data node in the foreground, with
 * redis-server's command line (see {@link CommandLine}). Configuration errors print one message and
 * exit with status 1.
 */
public final class Main {
  /** The node's version: the jar's Implementation-Version, or the development version. */
  public static final String VERSION =
      Main.class.getPackage().getImplementationVersion() != null
          ? Main.class.getPackage().getImplementationVersion()
          : "0.1.0-SNAPSHOT";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /**
   * Runs the node until it stops; returns the process exit status. Returns at once for --version,
   * --help and configuration errors.
   */
  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    ServerConfig config = new ServerConfig();
    CommandLine commandLine;
    ConfigLoader loader;
    try {
      commandLine = CommandLine.parse(args);
      switch (commandLine.action()) {
        case VERSION -> {
          out.println(versionLine());
          return 0;
        }
        case HELP -> {
          out.print(CommandLine.usage());
          return 0;
        }
        default -> {}
      }
      loader = new ConfigLoader(config).load(commandLine, stdin);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 1;
    }

    ServerLog log = new ServerLog();
    log.setLevel(ServerLog.Level.byName(config.logLevel));
    try {
      log.setFile(config.logFile);
    } catch (IOException e) {
      err.println(
          "Fatal config error: can't open the log file '"
              + config.logFile
              + "': "
              + e.getMessage());
      return 1;
    }
    if (commandLine.configFile() == null && !commandLine.readStdin()) {
      log.warning(
          "No config file given, using the defaults; to use one: banyan-node /path/to.conf");
    }
    for (String warning : loader.warnings()) {
      log.warning(warning);
    }
    if (config.daemonize) {
      log.warning("daemonize yes is ignored: the node always runs in the foreground");
    }

    BanyanServer server;
    try {
      server = new BanyanServer(config, log).start();
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 1;
    } catch (io.banyan.node.persistence.PersistenceException e) {
      // A damaged or unfitting data file: say which and why, and leave the file as it is.
      log.warning("Fatal error loading the data: " + e.getMessage());
      log.warning("Terminating the server after the data file reading failure.");
      return 1;
    } catch (io.banyan.node.tls.TlsSetupException e) {
      // The message names the option and the file (Redis: "Failed to configure TLS").
      log.warning("Failed to configure TLS: " + e.getMessage());
      return 1;
    } catch (IllegalStateException | InterruptedException e) {
      log.warning(e.getMessage());
      return 1;
    }
    long pid = ProcessHandle.current().pid();
    Path pidFile = writePidFile(config.pidFile, pid, log);
    log.notice(
        "Banyan data node "
            + VERSION
            + " started: port="
            + server.port()
            + (server.tlsPort() > 0 ? " tls-port=" + server.tlsPort() : "")
            + " pid="
            + pid
            + (config.configFile == null ? "" : " config=" + config.configFile));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  deletePidFile(pidFile);
                },
                "shutdown-hook"));
    server.stopped().join();
    deletePidFile(pidFile);
    return 0;
  }

  static String versionLine() {
    return "Banyan data node v="
        + VERSION
        + " (Redis 7.0 protocol) java="
        + System.getProperty("java.version")
        + " bits=64";
  }

  /** Writes the pid file when one is configured; like Redis, a failure is only logged. */
  private static Path writePidFile(String path, long pid, ServerLog log) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    Path file = Path.of(path);
    try {
      Files.writeString(file, pid + "\n", StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      log.warning("Failed to write PID file " + path + ": " + e.getMessage());
      return null;
    }
  }

  private static void deletePidFile(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the node is stopping; nothing useful to do
      }
    }
  }
}
