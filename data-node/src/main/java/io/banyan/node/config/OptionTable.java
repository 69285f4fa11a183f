package io.banyan.node.config;

import io.banyan.node.config.ScalarTypes.BoolType;
import io.banyan.node.config.ScalarTypes.EnumType;
import io.banyan.node.config.ScalarTypes.NumberStyle;
import io.banyan.node.config.ScalarTypes.NumberType;
import io.banyan.node.config.ScalarTypes.StringType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * Collects option definitions. The definitions themselves live in {@link CoreOptions}, {@link
 * PersistenceOptions}, {@link ReplicationOptions}, {@link CompatibilityOptions} and {@link
 * TlsOptions}; this class gives them a compact vocabulary: options bound to a {@link ServerConfig}
 * field, and "stored" options whose value is only kept so that CONFIG GET and CONFIG REWRITE show
 * it.
 */
final class OptionTable {
  static final long INT_MAX = Integer.MAX_VALUE;
  static final long INT_MIN = Integer.MIN_VALUE;
  static final long UINT_MAX = 0xFFFF_FFFFL;
  static final long LONG_MAX = Long.MAX_VALUE;

  private final List<ConfigOption<?>> options = new ArrayList<>();

  /** Every option of Redis 7.0, in a stable order. */
  static List<ConfigOption<?>> all() {
    OptionTable t = new OptionTable();
    CoreOptions.define(t);
    PersistenceOptions.define(t);
    ReplicationOptions.define(t);
    CompatibilityOptions.define(t);
    TlsOptions.define(t);
    BanyanOptions.define(t);
    return List.copyOf(t.options);
  }

  // ---- value types ---------------------------------------------------------------------------

  static NumberType integer(long min, long max) {
    return new NumberType(min, max, NumberStyle.INTEGER);
  }

  static NumberType memory(long min, long max) {
    return new NumberType(min, max, NumberStyle.MEMORY);
  }

  static EnumType oneOf(String... names) {
    return new EnumType(names);
  }

  /** A string option where the empty string means "not set" (stored as null). */
  static StringType nullableString() {
    return new StringType(true, null);
  }

  static StringType string(UnaryOperator<String> validator) {
    return new StringType(false, validator);
  }

  // ---- options bound to ServerConfig fields --------------------------------------------------

  <T> ConfigOption<T> field(
      String name,
      ValueType<T> type,
      T defaultValue,
      Function<ServerConfig, T> getter,
      BiConsumer<ServerConfig, T> setter) {
    ConfigOption<T> o = new ConfigOption<>(name, type, defaultValue, getter, setter);
    options.add(o);
    return o;
  }

  ConfigOption<Boolean> bool(
      String name,
      boolean defaultValue,
      Function<ServerConfig, Boolean> getter,
      BiConsumer<ServerConfig, Boolean> setter) {
    return field(name, BoolType.INSTANCE, defaultValue, getter, setter);
  }

  /** An integer option stored in an int field; values beyond int range are capped. */
  ConfigOption<Long> intField(
      String name,
      NumberType type,
      int defaultValue,
      ToIntFunction<ServerConfig> getter,
      ObjIntConsumer<ServerConfig> setter) {
    return field(
        name,
        type,
        (long) defaultValue,
        c -> (long) getter.applyAsInt(c),
        (c, v) -> setter.accept(c, (int) Math.max(INT_MIN, Math.min(INT_MAX, v))));
  }

  ConfigOption<Long> longField(
      String name,
      NumberType type,
      long defaultValue,
      ToLongFunction<ServerConfig> getter,
      ObjLongConsumer<ServerConfig> setter) {
    return field(name, type, defaultValue, getter::applyAsLong, setter::accept);
  }

  // ---- stored options ------------------------------------------------------------------------

  /**
   * An option with no field: its value is kept per configuration (in {@link
   * ConfigRegistry#storedValues}) for CONFIG GET, CONFIG REWRITE and later readers.
   */
  <T> ConfigOption<T> stored(String name, ValueType<T> type, T defaultValue) {
    return field(
        name,
        type,
        defaultValue,
        c -> c.registry().storedValues().get(name, defaultValue),
        (c, v) -> c.registry().storedValues().put(name, v));
  }

  ConfigOption<Boolean> storedBool(String name, boolean defaultValue) {
    return stored(name, BoolType.INSTANCE, defaultValue);
  }

  ConfigOption<Long> storedInt(String name, long min, long max, long defaultValue) {
    return stored(name, integer(min, max), defaultValue);
  }
}
