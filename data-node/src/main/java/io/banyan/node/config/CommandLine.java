package io.banyan.node.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's command line, read with redis-server's rules: {@code banyan-node [config-file] [--name
 * value ...]}.
 *
 * <ul>
 *   <li>A first argument that does not start with '-' is the configuration file; {@code -} (first
 *       or last) reads configuration from standard input.
 *   <li>{@code --name} starts an option; every following argument up to the next {@code --name} is
 *       one of its values ({@code --bind 127.0.0.1 ::1}). The first value is taken even if it
 *       starts with "--" ({@code --requirepass --secret}).
 *   <li>{@code "--name value"} as a single argument is split like a configuration line.
 *   <li>{@code --save} directly followed by another option, or last, means {@code --save ""}.
 *   <li>{@code -v}/{@code --version} and {@code -h}/{@code --help} as the only meaningful first
 *       argument print and exit.
 * </ul>
 *
 * <p>Options apply after the configuration file, in order, as if appended to it.
 */
public final class CommandLine {
  /** What the node is asked to do. */
  public enum Action {
    RUN,
    VERSION,
    HELP
  }

  /** One {@code --name value...} option, as configuration-file words (name first). */
  public record Option(List<String> words, String text) {}

  private final Action action;
  private final String configFile;
  private final boolean readStdin;
  private final List<Option> options;

  private CommandLine(Action action, String configFile, boolean readStdin, List<Option> options) {
    this.action = action;
    this.configFile = configFile;
    this.readStdin = readStdin;
    this.options = options;
  }

  public Action action() {
    return action;
  }

  /** The configuration file argument, or null. */
  public String configFile() {
    return configFile;
  }

  public boolean readStdin() {
    return readStdin;
  }

  public List<Option> options() {
    return options;
  }

  /** Reads the arguments; throws {@link ConfigException} for arguments that mean nothing. */
  public static CommandLine parse(String... args) {
    if (args.length > 0) {
      switch (args[0]) {
        case "-v", "--version" -> {
          return new CommandLine(Action.VERSION, null, false, List.of());
        }
        case "-h", "--help" -> {
          return new CommandLine(Action.HELP, null, false, List.of());
        }
        default -> {}
      }
    }
    String configFile = null;
    int j = 0;
    if (args.length > 0 && !args[0].startsWith("-")) {
      configFile = args[0];
      j = 1;
    }
    boolean stdin = false;
    List<Option> options = new ArrayList<>();
    List<String> current = null;
    StringBuilder text = null;
    boolean lastOptionHasValue = true;
    for (; j < args.length; j++) {
      String a = args[j];
      boolean last = j == args.length - 1;
      if (a.equals("-") && (j == 0 || last)) {
        stdin = true;
      } else if (lastOptionHasValue && a.startsWith("--")) {
        if (current != null) {
          options.add(new Option(List.copyOf(current), text.toString()));
        }
        List<String> words = ConfigSyntax.split(a.substring(2));
        if (words == null || words.isEmpty()) {
          throw new ConfigException(
              "Fatal config error in command line: '" + a + "': not an option name");
        }
        current = new ArrayList<>(words);
        text = new StringBuilder(a);
        lastOptionHasValue = words.size() > 1;
        if (words.size() == 1 && words.get(0).equalsIgnoreCase("save")) {
          // "--save" followed by another option, or at the end, disables snapshots
          if (last || args[j + 1].startsWith("--")) {
            current.add("");
            text.append(" \"\"");
            lastOptionHasValue = true;
          }
        }
      } else {
        if (current == null) {
          throw new ConfigException(
              "Fatal config error in command line: unexpected argument '"
                  + a
                  + "' (values must follow an --option; a configuration file must come first)");
        }
        current.add(a);
        text.append(' ').append(a.isEmpty() ? "\"\"" : a);
        lastOptionHasValue = true;
      }
    }
    if (current != null) {
      options.add(new Option(List.copyOf(current), text.toString()));
    }
    return new CommandLine(Action.RUN, configFile, stdin, List.copyOf(options));
  }

  /** The usage text for --help. */
  public static String usage() {
    return String.join(
        "\n",
        "Usage: banyan-node [/path/to/redis.conf] [options] [-]",
        "       banyan-node - (read config from stdin)",
        "       banyan-node -v or --version",
        "       banyan-node -h or --help",
        "",
        "Options are redis.conf directives written as --name value; they apply after the",
        "configuration file. All values up to the next --name belong to that option.",
        "",
        "Examples:",
        "       banyan-node (run with the default configuration)",
        "       banyan-node /etc/redis/6379.conf",
        "       banyan-node --port 7777",
        "       banyan-node --save \"\" --bind 127.0.0.1 ::1",
        "       banyan-node /etc/myredis.conf --loglevel verbose -",
        "");
  }
}
