package io.banyan.node.command.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every command the node knows, by lower-case name. Families register themselves through {@link
 * #define}, which reads like a line of Redis's command table:
 *
 * <pre>{@code
 * table.define("get", 2, "readonly fast", 1, 1, 1, "@read @string @fast")
 *     .keys("RO access|i1|r0,1,0")
 *     .doc("string", "1.0.0", "O(1)", "Returns the string value of a key.")
 *     .handler(StringCommands::get);
 * }</pre>
 *
 * <p>That chain is the one source of a command's metadata: arity, flags, key positions and key
 * specs, tips, ACL categories and docs. COMMAND INFO, DOCS, LIST and GETKEYS read the resulting
 * {@link CommandSpec}, never a table of their own.
 */
public final class CommandTable {
  private final Map<String, CommandSpec> commands = new LinkedHashMap<>();
  private final Map<String, Builder> pending = new LinkedHashMap<>();

  /**
   * Case-insensitive index over names as bytes, so dispatch allocates nothing to find a command.
   */
  private Named[][] byHash = new Named[1024][];

  /** A command under the name it is served as (rename-command may differ from the spec's). */
  private record Named(String name, CommandSpec spec) {}

  private void reindex() {
    byHash = new Named[1024][];
    for (Map.Entry<String, CommandSpec> e : commands.entrySet()) {
      int h = caseInsensitiveHash(e.getKey().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      Named[] bucket = byHash[h & 1023];
      bucket = bucket == null ? new Named[1] : java.util.Arrays.copyOf(bucket, bucket.length + 1);
      bucket[bucket.length - 1] = new Named(e.getKey(), e.getValue());
      byHash[h & 1023] = bucket;
    }
  }

  /** Starts the definition of a top-level command or, with {@code "parent|sub"}, a subcommand. */
  public Builder define(
      String name, int arity, String flags, int firstKey, int lastKey, int keyStep, String acl) {
    Builder b = new Builder(name, arity, flags, firstKey, lastKey, keyStep, acl);
    if (pending.put(name, b) != null) {
      throw new IllegalStateException("command defined twice: " + name);
    }
    return b;
  }

  /** Completes registration; called once after every family has defined its commands. */
  public CommandTable seal() {
    Map<String, Map<String, CommandSpec>> subs = new LinkedHashMap<>();
    for (Builder b : pending.values()) {
      int bar = b.name.indexOf('|');
      if (bar > 0) {
        subs.computeIfAbsent(b.name.substring(0, bar), k -> new LinkedHashMap<>())
            .put(b.name.substring(bar + 1), b.build(CommandSpec.noSubcommands()));
      }
    }
    for (Builder b : pending.values()) {
      if (b.name.indexOf('|') < 0) {
        Map<String, CommandSpec> s = subs.getOrDefault(b.name, Map.of());
        commands.put(b.name, b.build(Collections.unmodifiableMap(s)));
      }
    }
    for (String parent : subs.keySet()) {
      if (!commands.containsKey(parent)) {
        throw new IllegalStateException("subcommands without a container: " + parent);
      }
    }
    pending.clear();
    reindex();
    return this;
  }

  /** Finds a top-level command by its name as received, in any letter case; null when unknown. */
  public CommandSpec lookup(byte[] name) {
    Named[] bucket = byHash[caseInsensitiveHash(name) & 1023];
    if (bucket != null) {
      for (Named spec : bucket) {
        if (io.banyan.node.store.Bytes.is(name, spec.name())) {
          return spec.spec();
        }
      }
    }
    return null;
  }

  private static int caseInsensitiveHash(byte[] name) {
    int h = 0;
    for (byte b : name) {
      int c = b & 0xFF;
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      h = h * 31 + c;
    }
    return h ^ (h >>> 16);
  }

  /**
   * rename-command: serves a top-level command under a new name, or removes it when the new name is
   * empty. Applied at start-up, before any client connects.
   *
   * @throws IllegalArgumentException when there is no such command or the new name is taken
   */
  public void rename(String from, String to) {
    String oldName = from.toLowerCase(java.util.Locale.ROOT);
    String newName = to.toLowerCase(java.util.Locale.ROOT);
    if (!commands.containsKey(oldName)) {
      throw new IllegalArgumentException("No such command in rename-command");
    }
    if (!newName.isEmpty() && commands.containsKey(newName)) {
      throw new IllegalArgumentException("Target command name already exists");
    }
    CommandSpec spec = commands.remove(oldName);
    if (!newName.isEmpty()) {
      commands.put(newName, spec);
    }
    reindex();
  }

  public CommandSpec lookup(String lowerName) {
    return commands.get(lowerName);
  }

  public Collection<CommandSpec> all() {
    return Collections.unmodifiableCollection(commands.values());
  }

  public int size() {
    return commands.size();
  }

  /**
   * Fluent definition of one command: its whole metadata in one chain. Every part is checked as it
   * is declared; a malformed one throws an {@link IllegalStateException} naming the command, so a
   * typo fails the table's construction (and every test) instead of reaching a client.
   */
  public static final class Builder {
    private final String name;
    private final int arity;
    private final Set<CommandFlag> flags;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final List<String> acl;
    private List<KeySpec> keySpecs;
    private List<String> tips = List.of();
    private String group = "generic";
    private String since = "1.0.0";
    private String complexity = "O(1)";
    private String summary = "";
    private CommandHandler handler;

    private Builder(
        String name, int arity, String flags, int firstKey, int lastKey, int keyStep, String acl) {
      this.name = name;
      this.arity = arity;
      this.flags = checked(() -> CommandSpec.parseFlags(flags));
      this.firstKey = firstKey;
      this.lastKey = lastKey;
      this.keyStep = keyStep;
      this.acl = checked(() -> CommandSpec.parseCategories(acl));
    }

    /**
     * Redis 7.0's key specifications, as COMMAND INFO reports them and COMMAND GETKEYS evaluates
     * them, in the compact form {@code flags|begin|find[; ...]}: begin is {@code i<index>}, {@code
     * w<KEYWORD>,<startfrom>} or {@code u}; find is {@code r<lastkey>,<step>,<limit>}, {@code
     * k<keynumidx>,<firstkey>,<step>} or {@code u}. Example: {@code "RW access delete|i1|r0,1,0; RW
     * insert|i2|r0,1,0"}. Without it, a command with keys gets one spec derived from its
     * first/last/step positions.
     */
    public Builder keys(String specs) {
      if (keySpecs != null) {
        throw invalid("key specs declared twice");
      }
      keySpecs = checked(() -> KeySpec.parseAll(specs));
      return this;
    }

    /** Command tips, space-separated, e.g. {@code "nondeterministic_output"}. */
    public Builder tips(String tips) {
      this.tips = checked(() -> CommandSpec.parseTips(tips));
      return this;
    }

    /** Documentation shown by COMMAND DOCS. */
    public Builder doc(String group, String since, String complexity, String summary) {
      this.group = group;
      this.since = since;
      this.complexity = complexity;
      this.summary = summary;
      return this;
    }

    public Builder handler(CommandHandler handler) {
      this.handler = handler;
      return this;
    }

    private <T> T checked(Supplier<T> parse) {
      try {
        return parse.get();
      } catch (IllegalArgumentException e) {
        throw invalid(e.getMessage());
      }
    }

    private IllegalStateException invalid(String why) {
      return new IllegalStateException("command " + name + ": " + why);
    }

    /** The declared key specs, or the one Redis derives from the legacy key positions. */
    private List<KeySpec> effectiveKeySpecs() {
      if (keySpecs != null) {
        return keySpecs;
      }
      if (firstKey > 0) {
        return List.of(
            KeySpec.fromLegacy(firstKey, lastKey, keyStep, flags.contains(CommandFlag.READONLY)));
      }
      return List.of();
    }

    private CommandSpec build(Map<String, CommandSpec> subcommands) {
      if (handler == null && subcommands.isEmpty()) {
        throw new IllegalStateException("command without handler: " + name);
      }
      return new CommandSpec(
          name,
          arity,
          flags,
          firstKey,
          lastKey,
          keyStep,
          acl,
          tips,
          effectiveKeySpecs(),
          group,
          summary,
          since,
          complexity,
          handler,
          subcommands);
    }
  }
}
