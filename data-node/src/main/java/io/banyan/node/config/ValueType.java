package io.banyan.node.config;

import java.util.List;

/**
 * How one kind of option value is read, shown and written back: parsing with Redis's validation and
 * error texts, the CONFIG GET form, and the configuration-file form used by CONFIG REWRITE.
 *
 * @param <T> the parsed value; null is allowed where the option can be unset
 */
public interface ValueType<T> {
  /**
   * Parses and validates an option's words. Single-word types always receive exactly one word.
   *
   * @param current the option's current value, for types whose words update only part of it
   *     (client-output-buffer-limit names the classes it changes)
   * @throws InvalidValueException with Redis's error text when the words are not acceptable
   */
  T parse(List<String> words, T current);

  /** The value as CONFIG GET shows it. */
  String format(T value);

  /** The value as a configuration-file line writes it after the option name. */
  default String fileText(T value) {
    return format(value);
  }

  /** True when the value spans several words (save, bind, client-output-buffer-limit, ...). */
  default boolean multiWord() {
    return false;
  }

  /**
   * The lines CONFIG REWRITE writes for this value (text after the option name). The default writes
   * one line, forced into the file only when the value differs from the default. An empty list
   * removes the option's lines from the file.
   */
  default List<RewriteLine> rewrite(T value, boolean isDefault) {
    return List.of(new RewriteLine(fileText(value), !isDefault));
  }

  /** One line for CONFIG REWRITE; {@code force} adds it even if the file did not mention it. */
  record RewriteLine(String text, boolean force) {}
}
