package io.banyan.node.acl;

import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.MetadataVocabulary;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every command and subcommand numbered once, so that a selector's command permissions are one bit
 * set. Built from the table as it is before rename-command applies (Redis bases ACL rules on the
 * original names too, so a rule keeps meaning the same command whatever it is served as).
 *
 * <p>Ids follow the table's order: each command, then its subcommands.
 */
public final class AclCatalog {
  private final List<CommandSpec> byId = new ArrayList<>();
  private final Map<CommandSpec, Integer> ids = new IdentityHashMap<>();
  private final Map<String, CommandSpec> byName = new HashMap<>();
  private final Map<CommandSpec, CommandSpec> parents = new IdentityHashMap<>();

  /** Per category: the ids of the commands that belong to it (what the describer counts). */
  private final Map<String, BitSet> members = new HashMap<>();

  /**
   * Per category: what {@code +@cat} changes — its members plus the subcommands of member
   * containers, since allowing a container allows all its subcommands.
   */
  private final Map<String, BitSet> reach = new HashMap<>();

  public AclCatalog(CommandTable table) {
    for (CommandSpec spec : table.all()) {
      add(spec, null);
      for (CommandSpec sub : spec.subcommands().values()) {
        add(sub, spec);
      }
    }
    for (String category : MetadataVocabulary.ACL_CATEGORIES) {
      BitSet m = new BitSet();
      BitSet r = new BitSet();
      for (int id = 0; id < byId.size(); id++) {
        CommandSpec spec = byId.get(id);
        if (spec.aclCategories().contains(category)) {
          m.set(id);
          r.set(id);
          for (CommandSpec sub : spec.subcommands().values()) {
            r.set(ids.get(sub));
          }
        }
      }
      members.put(category, m);
      reach.put(category, r);
    }
  }

  private void add(CommandSpec spec, CommandSpec parent) {
    if (ids.containsKey(spec)) {
      return;
    }
    ids.put(spec, byId.size());
    byId.add(spec);
    byName.put(spec.name(), spec);
    if (parent != null) {
      parents.put(spec, parent);
    }
  }

  public int size() {
    return byId.size();
  }

  public int id(CommandSpec spec) {
    Integer id = ids.get(spec);
    return id == null ? -1 : id;
  }

  public CommandSpec spec(int id) {
    return byId.get(id);
  }

  /** The container of a subcommand, null for a top-level command. */
  public CommandSpec parent(CommandSpec spec) {
    return parents.get(spec);
  }

  /**
   * Finds a command by the name an ACL rule gives: {@code get} or {@code config|get}, any letter
   * case; null when unknown, when the base is not a container, or with more than one '|'.
   */
  public CommandSpec lookup(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int bar = lower.indexOf('|');
    if (bar >= 0) {
      if (lower.indexOf('|', bar + 1) >= 0) {
        return null;
      }
      CommandSpec base = byName.get(lower.substring(0, bar));
      if (base == null || !base.isContainer()) {
        return null;
      }
      return base.subcommands().get(lower.substring(bar + 1));
    }
    CommandSpec spec = byName.get(lower);
    return spec == null || parents.containsKey(spec) ? null : spec;
  }

  /** True when the category exists (name without '@'). */
  public boolean hasCategory(String category) {
    return members.containsKey(category);
  }

  BitSet members(String category) {
    return members.get(category);
  }

  BitSet reach(String category) {
    return reach.get(category);
  }

  /** The ids of a command and, for a container, of all its subcommands. */
  BitSet withSubcommands(CommandSpec spec) {
    BitSet b = new BitSet();
    b.set(id(spec));
    for (CommandSpec sub : spec.subcommands().values()) {
      b.set(id(sub));
    }
    return b;
  }

  /** The category name as Redis matches it: case-insensitively. */
  static String categoryName(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
