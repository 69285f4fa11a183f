package io.banyan.node.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One configuration option: its canonical name and alias, its value type, its default, its flags,
 * and where its value lives (a {@link ServerConfig} field, or a value kept for CONFIG GET only).
 *
 * @param <T> the parsed value type
 */
public final class ConfigOption<T> {
  /** Properties of an option. */
  public enum Flag {
    /** Only settable at start-up: CONFIG SET answers "can't set immutable config". */
    IMMUTABLE,
    /** CONFIG SET needs enable-protected-configs (yes, or local for local clients). */
    PROTECTED,
    /** The value is a secret (passwords); kept out of logs. */
    SENSITIVE,
    /** Accepted for compatibility only: this node has no such feature; warned about at start. */
    NO_EFFECT,
    /**
     * A testing knob, as Redis's debug configs: settable and readable by exact name, but left out
     * of CONFIG GET patterns, CONFIG REWRITE and the list of names.
     */
    HIDDEN,
    /**
     * CONFIG SET runs the option's hooks even when the value is unchanged: setting a file path to
     * itself reloads the file (Redis's TLS files).
     */
    VOLATILE
  }

  private final String name;
  private final ValueType<T> type;
  private final T defaultValue;
  private final Function<ServerConfig, T> getter;
  private final BiConsumer<ServerConfig, T> setter;
  private final Set<Flag> flags = EnumSet.noneOf(Flag.class);
  private String alias;

  ConfigOption(
      String name,
      ValueType<T> type,
      T defaultValue,
      Function<ServerConfig, T> getter,
      BiConsumer<ServerConfig, T> setter) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.getter = getter;
    this.setter = setter;
  }

  // ---- definition (used while building the option table) -------------------------------------

  ConfigOption<T> alias(String alias) {
    this.alias = alias;
    return this;
  }

  ConfigOption<T> flag(Flag... add) {
    flags.addAll(List.of(add));
    return this;
  }

  ConfigOption<T> immutable() {
    return flag(Flag.IMMUTABLE);
  }

  ConfigOption<T> noEffect() {
    return flag(Flag.NO_EFFECT);
  }

  // ---- queries -------------------------------------------------------------------------------

  /** The canonical (Redis 7.0) name. */
  public String name() {
    return name;
  }

  /** The older name also accepted (slaveof, hash-max-ziplist-entries, ...), or null. */
  public String alias() {
    return alias;
  }

  public boolean has(Flag flag) {
    return flags.contains(flag);
  }

  public ValueType<T> type() {
    return type;
  }

  public boolean multiWord() {
    return type.multiWord();
  }

  /** The current value, typed. */
  public T value(ServerConfig config) {
    return getter.apply(config);
  }

  /** The current value as CONFIG GET shows it. */
  public String format(ServerConfig config) {
    return type.format(getter.apply(config));
  }

  /** The default value as CONFIG GET would show it. */
  public String formatDefault() {
    return type.format(defaultValue);
  }

  public boolean isDefault(ServerConfig config) {
    return format(config).equals(formatDefault());
  }

  /** Parses words into a value without storing it; throws {@link InvalidValueException}. */
  public T parse(List<String> words, ServerConfig config) {
    return type.parse(words, getter.apply(config));
  }

  void set(ServerConfig config, T value) {
    setter.accept(config, value);
  }

  /** Stores an already parsed value; for restoring a value captured with {@link #value}. */
  @SuppressWarnings("unchecked")
  void setUnchecked(ServerConfig config, Object value) {
    setter.accept(config, (T) value);
  }

  /** Parses words and stores the result. */
  void parseAndSet(List<String> words, ServerConfig config) {
    set(config, parse(words, config));
  }

  /** The lines CONFIG REWRITE writes for the current value. */
  List<ValueType.RewriteLine> rewriteLines(ServerConfig config) {
    return type.rewrite(getter.apply(config), isDefault(config));
  }

  @Override
  public String toString() {
    return name;
  }
}
