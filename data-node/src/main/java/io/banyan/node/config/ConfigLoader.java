package io.banyan.node.config;

import io.banyan.node.config.ConfigOption.Flag;
import io.banyan.node.store.Glob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the configuration at start-up into a {@link ServerConfig}: the configuration file (with its
 * includes), then standard input if asked, then the command-line options, in that order, each
 * directive overriding earlier ones (save accumulates within the file, as in Redis).
 *
 * <p>Any unknown option, wrong number of values or invalid value stops loading with a {@link
 * ConfigException} that names the file and line (or the command-line option), the line, and what is
 * wrong. Warnings (options without effect here, deprecated directives) are collected for the log.
 */
public final class ConfigLoader {
  private static final int MAX_INCLUDE_DEPTH = 16;

  /** Directives Redis 7.0 still accepts (with one value) but ignores. */
  private static final List<String> DEPRECATED =
      List.of("list-max-ziplist-entries", "list-max-ziplist-value", "lua-replicate-commands");

  private final ServerConfig config;
  private final ConfigRegistry registry;
  private final Set<ConfigOption<?>> explicitlySet = new LinkedHashSet<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<List<String>> renames = new ArrayList<>();
  private final List<List<String>> users = new ArrayList<>();
  private final List<String> userSources = new ArrayList<>();
  private boolean saveSeen;
  private int includeDepth;

  public ConfigLoader(ServerConfig config) {
    this.config = config;
    this.registry = config.registry();
  }

  /**
   * Loads everything the command line names into the configuration.
   *
   * @param stdin read when the command line has "-"
   */
  public ConfigLoader load(CommandLine commandLine, InputStream stdin) {
    if (commandLine.configFile() != null) {
      Path file = Path.of(commandLine.configFile()).toAbsolutePath().normalize();
      config.configFile = file.toString();
      loadText(readFile(file, null), file.toString());
    }
    if (commandLine.readStdin()) {
      try {
        loadText(new String(stdin.readAllBytes(), StandardCharsets.UTF_8), "standard input");
      } catch (IOException e) {
        throw new ConfigException("Fatal config error: can't read standard input: " + e);
      }
    }
    for (CommandLine.Option o : commandLine.options()) {
      apply(o.words(), "command line", o.text());
    }
    finish();
    return this;
  }

  /** Loads configuration text (the content of a file); {@code source} names it in errors. */
  public ConfigLoader loadText(String content, String source) {
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = ConfigSyntax.trimLine(lines[i]);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      List<String> words = ConfigSyntax.split(line);
      if (words == null) {
        throw error(where, line, "unbalanced quotes");
      }
      if (!words.isEmpty()) {
        apply(words, where, line);
      }
    }
    return this;
  }

  /** Warnings for the log: options that have no effect here, deprecated directives. */
  public List<String> warnings() {
    List<String> all = new ArrayList<>(warnings);
    for (ConfigOption<?> o : explicitlySet) {
      if (o.has(Flag.NO_EFFECT)) {
        all.add("Option '" + o.name() + "' is accepted for compatibility and has no effect here");
      }
    }
    return all;
  }

  /** Options the file or command line set, each once, in first-set order. */
  public Set<ConfigOption<?>> explicitlySet() {
    return explicitlySet;
  }

  /** Stores what only the loader collects; called at the end of {@link #load}. */
  public void finish() {
    config.renamedCommands = List.copyOf(renames);
    config.userDirectives = List.copyOf(users);
    config.userDirectiveSources = List.copyOf(userSources);
  }

  private void apply(List<String> words, String where, String text) {
    String name = words.get(0).toLowerCase(Locale.ROOT);
    List<String> args = words.subList(1, words.size());
    ConfigOption<?> option = registry.lookup(name);
    if (option != null) {
      applyOption(option, name, args, where, text);
      return;
    }
    switch (name) {
      case "include" -> {
        if (args.size() != 1) {
          throw error(where, text, "'include' takes exactly one file path");
        }
        include(args.get(0), where, text);
      }
      case "rename-command" -> {
        if (args.size() != 2) {
          throw error(where, text, "'rename-command' takes a command name and its new name");
        }
        renames.add(List.copyOf(args));
      }
      case "user" -> {
        if (args.isEmpty()) {
          throw error(where, text, "'user' needs a user name, then ACL rules");
        }
        users.add(List.copyOf(args));
        userSources.add(where + ": '" + text + "'");
      }
      case "loadmodule" -> throw error(where, text, "modules are not supported by this server");
      case "sentinel" -> throw error(where, text, "sentinel mode is not supported by this server");
      default -> {
        if (DEPRECATED.contains(name) && args.size() == 1) {
          warnings.add("Option '" + name + "' is deprecated and ignored");
          return;
        }
        throw error(where, text, "unknown option '" + words.get(0) + "'" + suggestion(name));
      }
    }
  }

  private void applyOption(
      ConfigOption<?> option, String name, List<String> args, String where, String text) {
    if (!option.multiWord() && args.size() != 1) {
      throw error(
          where,
          text,
          "'" + name + "' takes exactly one value, got " + (args.isEmpty() ? "none" : args.size()));
    }
    if (option.multiWord() && args.isEmpty()) {
      throw error(where, text, "'" + name + "' needs a value");
    }
    try {
      if (option.name().equals("save")) {
        applySave(option, args);
      } else {
        option.parseAndSet(args, config);
      }
    } catch (InvalidValueException e) {
      throw error(where, text, "invalid value for '" + name + "': " + e.explanation());
    }
    if (option.name().equals("cluster-enabled") && option.format(config).equals("yes")) {
      throw error(where, text, "cluster mode is not supported by this server");
    }
    explicitlySet.add(option);
  }

  /**
   * save lines accumulate: the first one in the configuration replaces the built-in rules, later
   * ones add to them, and {@code save ""} clears them.
   */
  @SuppressWarnings("unchecked")
  private void applySave(ConfigOption<?> option, List<String> args) {
    ConfigOption<List<SaveRule>> save = (ConfigOption<List<SaveRule>>) option;
    List<SaveRule> parsed = save.parse(args, config);
    if (parsed.isEmpty() || !saveSeen) {
      save.set(config, parsed);
    } else {
      List<SaveRule> combined = new ArrayList<>(save.value(config));
      combined.addAll(parsed);
      save.set(config, List.copyOf(combined));
    }
    saveSeen = true;
  }

  private void include(String pattern, String where, String text) {
    if (includeDepth >= MAX_INCLUDE_DEPTH) {
      throw error(where, text, "includes are nested too deeply (does a file include itself?)");
    }
    includeDepth++;
    try {
      for (Path file : expandInclude(pattern, where, text)) {
        loadText(readFile(file, where + ": '" + text + "'"), file.toString());
      }
    } finally {
      includeDepth--;
    }
  }

  /** The files an include names: the path itself, or the matches of a glob in its file name. */
  private List<Path> expandInclude(String pattern, String where, String text) {
    Path path = Path.of(pattern);
    String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
    boolean glob =
        fileName.indexOf('*') >= 0 || fileName.indexOf('?') >= 0 || fileName.indexOf('[') >= 0;
    if (!glob) {
      return List.of(path);
    }
    Path dir = path.toAbsolutePath().getParent();
    byte[] p = fileName.getBytes(StandardCharsets.UTF_8);
    // Like glob(3) in Redis: no match is not an error (an empty conf.d directory).
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(e -> Glob.matches(p, e.getFileName().toString().getBytes(StandardCharsets.UTF_8)))
          .filter(e -> !e.getFileName().toString().startsWith(".") || fileName.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw error(where, text, "can't list directory '" + dir + "': " + e.getMessage());
    }
  }

  private static String readFile(Path file, String includedFrom) {
    try {
      // Bytes that are not UTF-8 are replaced rather than refused, as Redis reads raw bytes.
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      String reason = reason(e);
      if (includedFrom != null) {
        throw new ConfigException(
            "Fatal config error in " + includedFrom + ": can't open '" + file + "': " + reason);
      }
      throw new ConfigException(
          "Fatal config error: can't open config file '" + file + "': " + reason);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** ", did you mean 'x'?" for a misspelt option close to a known name, else "". */
  private String suggestion(String name) {
    String best = null;
    int bestDistance = 3;
    for (String known : registry.names()) {
      int d = distance(name, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static ConfigException error(String where, String text, String detail) {
    return new ConfigException("Fatal config error in " + where + ": '" + text + "': " + detail);
  }
}
