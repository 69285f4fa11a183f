package io.banyan.operator.model;

import io.banyan.node.config.ConfigLoader;
import io.banyan.node.config.ConfigOption;
import io.banyan.node.config.ConfigSyntax;
import io.banyan.node.config.InvalidValueException;
import io.banyan.node.config.ServerConfig;
import io.banyan.operator.model.ConfigClasses.ConfigClass;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A rendered {@code banyan.conf} as a node started from it holds it, split by {@link
 * ConfigClasses}: the text is loaded with the data node's own {@link ConfigLoader} into a fresh
 * configuration, and every value is taken in the form CONFIG GET shows (sizes in bytes, save rules
 * joined, aliases under their canonical name). So two texts that a node would read the same way
 * give equal values, whatever their spelling or line order ({@code 100mb} and {@code 104857600} are
 * one value).
 *
 * @param live every {@link ConfigClass#LIVE} option (defaults included: an option the spec no
 *     longer mentions goes back to its default on the nodes, as on a fresh start), by name
 * @param restart the {@link ConfigClass#RESTART} options whose value differs from the data node's
 *     default, by name (an option set to its default changes nothing)
 */
public record LiveSettings(SortedMap<String, String> live, SortedMap<String, String> restart) {

  /** Texts loaded recently: the reconciler asks every round per cluster, specs rarely change. */
  private static final int REMEMBERED = 32;

  private static final Map<String, LiveSettings> RECENT =
      new LinkedHashMap<>(REMEMBERED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LiveSettings> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** The settings of {@code renderedConfig}; throws IllegalArgumentException when it is invalid. */
  public static LiveSettings of(String renderedConfig) {
    synchronized (RECENT) {
      LiveSettings known = RECENT.get(renderedConfig);
      if (known != null) {
        return known;
      }
    }
    LiveSettings settings = load(renderedConfig);
    synchronized (RECENT) {
      RECENT.put(renderedConfig, settings);
    }
    return settings;
  }

  private static LiveSettings load(String text) {
    ServerConfig config = new ServerConfig();
    try {
      new ConfigLoader(config).loadText(text, "banyan.conf").finish();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the rendered config does not load: " + e.getMessage(), e);
    }
    TreeMap<String, String> live = new TreeMap<>();
    TreeMap<String, String> restart = new TreeMap<>();
    for (ConfigOption<?> option : config.registry().options()) {
      switch (ConfigClasses.of(option)) {
        case LIVE -> live.put(option.name(), option.format(config));
        case RESTART -> {
          if (!option.has(ConfigOption.Flag.HIDDEN) && !option.isDefault(config)) {
            restart.put(option.name(), option.format(config));
          }
        }
        case OPERATOR -> {}
      }
    }
    return new LiveSettings(
        java.util.Collections.unmodifiableSortedMap(live),
        java.util.Collections.unmodifiableSortedMap(restart));
  }

  /**
   * Whether a node's CONFIG GET answer {@code reported} means the value {@code wanted} (a value
   * from {@link #live}): compared after the data node's own parsing, so a peer that shows a value
   * in another spelling (a size with a unit, other letter case) is not told it again.
   */
  public static boolean same(String option, String wanted, String reported) {
    if (wanted.equals(reported)) {
      return true;
    }
    ConfigOption<?> o = ConfigClasses.lookup(option);
    if (o == null || reported == null) {
      return false;
    }
    return normalised(o, wanted).equals(normalised(o, reported));
  }

  /** Whether the option's value is a secret (kept out of events and logs). */
  public static boolean secret(String option) {
    ConfigOption<?> o = ConfigClasses.lookup(option);
    return o == null || o.has(ConfigOption.Flag.SENSITIVE);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static String normalised(ConfigOption option, String value) {
    ServerConfig fresh = new ServerConfig();
    List<String> words = option.multiWord() ? ConfigSyntax.splitOnSpaces(value) : List.of(value);
    try {
      return option.type().format(option.parse(words, fresh));
    } catch (InvalidValueException | IllegalArgumentException e) {
      return "\0unparsable:" + value;
    }
  }

  /**
   * A fingerprint of {@link #restart}: the first 16 hex digits of SHA-256 over {@code name=value}
   * lines in name order. Equal for any two configs a node would start with the same restart-only
   * values; a change of a live option or of an operator-set one leaves it unchanged.
   */
  public String restartFingerprint() {
    return sha256(restart);
  }

  /** The same fingerprint of {@link #live}: tells whether a node was checked against these. */
  public String liveHash() {
    return sha256(live);
  }

  private static String sha256(SortedMap<String, String> values) {
    StringBuilder text = new StringBuilder();
    values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
