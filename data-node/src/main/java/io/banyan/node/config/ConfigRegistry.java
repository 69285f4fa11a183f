package io.banyan.node.config;

import io.banyan.node.config.ConfigOption.Flag;
import io.banyan.node.store.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every Redis 7.0 configuration option, by name and alias, bound to one {@link ServerConfig}: looks
 * options up, answers CONFIG GET, applies CONFIG SET all-or-nothing, and runs the change hooks that
 * other parts of the node register with {@link #onChange} (so that configuration does not depend on
 * the engine).
 *
 * <p>CONFIG GET/SET run on the command thread; loading runs before the server starts.
 */
public final class ConfigRegistry {
  private final ServerConfig config;
  private final List<ConfigOption<?>> options;
  private final Map<String, ConfigOption<?>> byName = new LinkedHashMap<>();
  private final Map<ConfigOption<?>, List<Consumer<ServerConfig>>> hooks = new IdentityHashMap<>();
  private final StoredValues stored = new StoredValues();

  ConfigRegistry(ServerConfig config) {
    this.config = config;
    this.options = OptionTable.all();
    for (ConfigOption<?> o : options) {
      index(o.name(), o);
      if (o.alias() != null) {
        index(o.alias(), o);
      }
    }
  }

  private void index(String name, ConfigOption<?> o) {
    if (byName.put(name, o) != null) {
      throw new IllegalStateException("option defined twice: " + name);
    }
  }

  public ServerConfig config() {
    return config;
  }

  /** The option with this name or alias (any case), or null. */
  public ConfigOption<?> lookup(String name) {
    return byName.get(name.toLowerCase(Locale.ROOT));
  }

  /** All options, each once, in definition order. */
  public List<ConfigOption<?>> options() {
    return options;
  }

  /** Every accepted option name: canonical names and aliases, lower case. */
  public Set<String> names() {
    Set<String> visible = new java.util.LinkedHashSet<>();
    byName.forEach(
        (name, option) -> {
          if (!option.has(Flag.HIDDEN)) {
            visible.add(name);
          }
        });
    return Collections.unmodifiableSet(visible);
  }

  /** The CONFIG GET text of an option, or null when no option has that name. */
  public String get(String name) {
    ConfigOption<?> o = lookup(name);
    return o == null ? null : o.format(config);
  }

  /**
   * CONFIG GET: name/value pairs for options matching any of the patterns. A pattern without glob
   * characters is looked up directly and answered under the name as given; a glob pattern is
   * matched case-insensitively against every name and alias. Each name appears once.
   */
  public List<Map.Entry<String, String>> getMatching(List<String> patterns) {
    Map<String, Map.Entry<String, String>> matches = new LinkedHashMap<>();
    for (String pattern : patterns) {
      if (!hasGlob(pattern)) {
        String key = pattern.toLowerCase(Locale.ROOT);
        ConfigOption<?> o = byName.get(key);
        if (o != null && !matches.containsKey(key)) {
          matches.put(key, Map.entry(pattern, o.format(config)));
        }
        continue;
      }
      byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
      for (Map.Entry<String, ConfigOption<?>> e : byName.entrySet()) {
        String name = e.getKey();
        if (!matches.containsKey(name)
            && !e.getValue().has(Flag.HIDDEN)
            && Glob.matchesIgnoreCase(p, name.getBytes(StandardCharsets.UTF_8))) {
          matches.put(name, Map.entry(name, e.getValue().format(config)));
        }
      }
    }
    return new ArrayList<>(matches.values());
  }

  private static boolean hasGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  /**
   * CONFIG SET with one or more name/value pairs, all or nothing: every name is checked first
   * (unknown, immutable, protected, duplicate), then every value is parsed, then all are stored and
   * the hooks of the options that changed run; if a hook refuses, the old values are restored.
   *
   * @param pairs name, value, name, value, ...
   * @param localClient whether the caller connects from the local host (enable-protected-configs
   *     local)
   * @return null on success, otherwise Redis's error text without the leading "ERR "
   */
  public String set(List<String> pairs, boolean localClient) {
    int n = pairs.size() / 2;
    List<ConfigOption<?>> targets = new ArrayList<>(n);
    String unknown = null;
    String failedName = null;
    String failure = null;
    for (int i = 0; i < n; i++) {
      String name = pairs.get(2 * i);
      ConfigOption<?> o = lookup(name);
      if (o == null) {
        if (failure == null && unknown == null) {
          unknown = name;
        }
        continue;
      }
      if (failure != null || unknown != null) {
        continue;
      }
      if (o.has(Flag.IMMUTABLE)) {
        failure = "can't set immutable config";
      } else if (o.has(Flag.PROTECTED) && !protectedConfigsAllowed(localClient)) {
        failure = "can't set protected config";
      } else if (targets.contains(o)) {
        failure = "duplicate parameter";
      }
      if (failure != null) {
        failedName = name;
      }
      targets.add(o);
    }
    if (unknown != null) {
      return "Unknown option or number of arguments for CONFIG SET - '" + unknown + "'";
    }
    if (failure != null) {
      return setFailed(failedName, failure);
    }

    List<Object> newValues = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ConfigOption<?> o = targets.get(i);
      String value = pairs.get(2 * i + 1);
      List<String> words = o.multiWord() ? ConfigSyntax.splitOnSpaces(value) : List.of(value);
      try {
        newValues.add(o.parse(words, config));
      } catch (InvalidValueException e) {
        return setFailed(pairs.get(2 * i).toLowerCase(Locale.ROOT), e.getMessage());
      }
    }

    List<Object> oldValues = new ArrayList<>(n);
    LinkedHashSet<ConfigOption<?>> changed = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      ConfigOption<?> o = targets.get(i);
      oldValues.add(o.value(config));
      String before = o.format(config);
      o.setUnchecked(config, newValues.get(i));
      if (!o.format(config).equals(before) || o.has(Flag.VOLATILE)) {
        changed.add(o);
      }
    }
    for (ConfigOption<?> o : changed) {
      try {
        runHooks(o);
      } catch (InvalidValueException e) {
        for (int i = 0; i < n; i++) {
          targets.get(i).setUnchecked(config, oldValues.get(i));
        }
        for (ConfigOption<?> undo : changed) {
          runHooksQuietly(undo);
        }
        return setFailed(o.name(), e.getMessage());
      }
    }
    return null;
  }

  private static String setFailed(String name, String reason) {
    return "CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
  }

  private boolean protectedConfigsAllowed(boolean localClient) {
    String mode = config.enableProtectedConfigs;
    return mode.equals("yes") || (mode.equals("local") && localClient);
  }

  // ---- hooks ---------------------------------------------------------------------------------

  /**
   * Registers code to run after CONFIG SET changed an option (its name or alias). The hook reads
   * the new value from the configuration; it may refuse it by throwing {@link
   * InvalidValueException}, which undoes the whole CONFIG SET. Hooks run on the command thread.
   */
  public void onChange(String name, Consumer<ServerConfig> hook) {
    ConfigOption<?> o = lookup(name);
    if (o == null) {
      throw new IllegalArgumentException("no such option: " + name);
    }
    hooks.computeIfAbsent(o, k -> new ArrayList<>()).add(hook);
  }

  private void runHooks(ConfigOption<?> o) {
    for (Consumer<ServerConfig> h : hooks.getOrDefault(o, List.of())) {
      h.accept(config);
    }
  }

  private void runHooksQuietly(ConfigOption<?> o) {
    try {
      runHooks(o);
    } catch (InvalidValueException ignored) {
      // restoring the previous value: it was accepted before, nothing better to do
    }
  }

  // ---- stored values -------------------------------------------------------------------------

  /** Values of options that have no {@link ServerConfig} field. */
  StoredValues storedValues() {
    return stored;
  }

  /** Values kept for options without a field, by canonical name. */
  static final class StoredValues {
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private static final Object NULL = new Object();

    @SuppressWarnings("unchecked")
    <T> T get(String name, T defaultValue) {
      Object v = values.get(name);
      if (v == null) {
        return defaultValue;
      }
      return v == NULL ? null : (T) v;
    }

    void put(String name, Object value) {
      values.put(name, value == null ? NULL : value);
    }
  }
}
