package io.banyan.node.command.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's metadata, as COMMAND INFO and COMMAND DOCS report it and as the dispatcher checks it,
 * together with its handler. Container commands (CLIENT, CONFIG, OBJECT, ...) have subcommands,
 * each a spec of its own named {@code container|sub}.
 *
 * @param name lower-case name; {@code container|sub} for subcommands
 * @param arity Redis arity: positive = exact argument count including the name, negative = minimum
 * @param flags command flags
 * @param firstKey position of the first key argument, 0 when there are none
 * @param lastKey position of the last key, negative counts from the end
 * @param keyStep distance between keys
 * @param aclCategories ACL categories without the '@', as declared
 * @param tips command tips (nondeterministic output, cluster request and response policies)
 * @param keySpecs Redis 7.0 key specifications: as declared, or derived from first/last/step
 * @param group documentation group (string, list, generic, server, ...)
 * @param summary one-line description (our own words)
 * @param since the Redis version that introduced the command
 * @param complexity time complexity, as documented
 * @param handler the implementation, null for a container
 */
public record CommandSpec(
    String name,
    int arity,
    Set<CommandFlag> flags,
    int firstKey,
    int lastKey,
    int keyStep,
    List<String> aclCategories,
    List<String> tips,
    List<KeySpec> keySpecs,
    String group,
    String summary,
    String since,
    String complexity,
    CommandHandler handler,
    Map<String, CommandSpec> subcommands) {

  public boolean has(CommandFlag flag) {
    return flags.contains(flag);
  }

  public boolean isContainer() {
    return !subcommands.isEmpty();
  }

  public boolean isWrite() {
    return flags.contains(CommandFlag.WRITE);
  }

  /** The name as error messages show it: {@code client|kill} for subcommands. */
  public String displayName() {
    return name;
  }

  /** True when argc satisfies the arity. */
  public boolean arityAccepts(int argc) {
    return arity > 0 ? argc == arity : argc >= -arity;
  }

  /** Parses space-separated flag names; throws IllegalArgumentException on an unknown one. */
  static Set<CommandFlag> parseFlags(String flags) {
    EnumSet<CommandFlag> set = EnumSet.noneOf(CommandFlag.class);
    for (String f : words(flags)) {
      set.add(CommandFlag.byWireName(f));
    }
    return Collections.unmodifiableSet(set);
  }

  /** Parses {@code @cat @cat}; throws IllegalArgumentException on a category Redis lacks. */
  static List<String> parseCategories(String categories) {
    List<String> out = words(categories.replace("@", ""));
    for (String c : out) {
      if (!MetadataVocabulary.ACL_CATEGORIES.contains(c)) {
        throw new IllegalArgumentException("unknown ACL category: @" + c);
      }
    }
    return out;
  }

  /** Parses space-separated tips; throws IllegalArgumentException on a tip Redis lacks. */
  static List<String> parseTips(String tips) {
    List<String> out = words(tips);
    for (String t : out) {
      if (!MetadataVocabulary.TIPS.contains(t)) {
        throw new IllegalArgumentException("unknown command tip: " + t);
      }
    }
    return out;
  }

  private static List<String> words(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }

  static Map<String, CommandSpec> noSubcommands() {
    return Collections.unmodifiableMap(new LinkedHashMap<>());
  }
}
