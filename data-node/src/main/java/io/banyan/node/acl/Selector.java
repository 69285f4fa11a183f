package io.banyan.node.acl;

import io.banyan.node.command.model.CommandSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One set of permissions: commands (with first arguments), key patterns with read/write intent and
 * pub/sub channel patterns. A user has a root selector (the rules written outside parentheses) and
 * any number of Redis 7.0 selectors ({@code (...)}); a command is allowed when one selector allows
 * all of it.
 *
 * <p>Strings are ISO-8859-1 views of the bytes a client sent, so any byte survives unchanged.
 */
public final class Selector {
  /** Read (R), write (W) or both for a key pattern. */
  static final int READ = 1;

  static final int WRITE = 2;
  static final int READ_WRITE = READ | WRITE;

  /** A key pattern and the access it grants. */
  static final class KeyPattern {
    final String pattern;
    int access;

    KeyPattern(String pattern, int access) {
      this.pattern = pattern;
      this.access = access;
    }

    /** As ACL LIST and GETUSER show it: {@code ~p}, {@code %R~p} or {@code %W~p}. */
    String describe() {
      return switch (access) {
        case READ -> "%R~" + pattern;
        case WRITE -> "%W~" + pattern;
        default -> "~" + pattern;
      };
    }
  }

  final AclCatalog catalog;
  final boolean root;
  boolean allKeys;
  boolean allChannels;

  /** Set by +@all and cleared by any rule that takes a command away: skips the command check. */
  boolean allCommands;

  /**
   * Whether the last of +@all / -@all was +@all: the describer then starts from +@all, so that the
   * user keeps getting commands added later. Only those two rules change it.
   */
  boolean futureCommands;

  final BitSet commands;
  final Map<Integer, List<String>> firstArgs;
  final List<KeyPattern> keys;
  final List<String> channels;

  Selector(AclCatalog catalog, boolean root, boolean allChannelsByDefault) {
    this.catalog = catalog;
    this.root = root;
    this.allChannels = allChannelsByDefault;
    this.commands = new BitSet();
    this.firstArgs = new HashMap<>();
    this.keys = new ArrayList<>();
    this.channels = new ArrayList<>();
  }

  Selector copy() {
    Selector s = new Selector(catalog, root, allChannels);
    s.allKeys = allKeys;
    s.allCommands = allCommands;
    s.futureCommands = futureCommands;
    s.commands.or(commands);
    firstArgs.forEach((id, args) -> s.firstArgs.put(id, new ArrayList<>(args)));
    for (KeyPattern k : keys) {
      s.keys.add(new KeyPattern(k.pattern, k.access));
    }
    s.channels.addAll(channels);
    return s;
  }

  /** Applies one selector rule (everything but the user-level ones: passwords, on/off, ...). */
  void apply(String op) throws AclError.RuleException {
    if (op.isEmpty()) {
      throw AclError.SYNTAX.exception();
    }
    if (Ascii.is(op, "allkeys") || op.equals("~*")) {
      allKeys = true;
      keys.clear();
    } else if (Ascii.is(op, "resetkeys")) {
      allKeys = false;
      keys.clear();
    } else if (Ascii.is(op, "allchannels") || op.equals("&*")) {
      allChannels = true;
      channels.clear();
    } else if (Ascii.is(op, "resetchannels")) {
      allChannels = false;
      channels.clear();
    } else if (Ascii.is(op, "allcommands") || Ascii.is(op, "+@all")) {
      commands.set(0, catalog.size());
      allCommands = true;
      futureCommands = true;
      firstArgs.clear();
    } else if (Ascii.is(op, "nocommands") || Ascii.is(op, "-@all")) {
      commands.clear();
      allCommands = false;
      futureCommands = false;
      firstArgs.clear();
    } else if (op.charAt(0) == '~' || op.charAt(0) == '%') {
      addKeyPattern(op);
    } else if (op.charAt(0) == '&') {
      addChannel(op);
    } else if (op.length() >= 2
        && op.charAt(1) == '@'
        && (op.charAt(0) == '+' || op.charAt(0) == '-')) {
      String category = AclCatalog.categoryName(op.substring(2));
      if (!catalog.hasCategory(category)) {
        throw AclError.UNKNOWN_NAME.exception();
      }
      changeCategory(category, op.charAt(0) == '+');
    } else if (op.charAt(0) == '+') {
      allowCommand(op.substring(1));
    } else if (op.charAt(0) == '-') {
      CommandSpec spec = catalog.lookup(op.substring(1));
      if (spec == null) {
        throw AclError.UNKNOWN_NAME.exception();
      }
      change(spec, false);
    } else {
      throw AclError.SYNTAX.exception();
    }
  }

  private void addKeyPattern(String op) throws AclError.RuleException {
    if (allKeys) {
      throw AclError.KEY_AFTER_ALL_KEYS.exception();
    }
    int access = 0;
    int offset = 1;
    if (op.charAt(0) == '%') {
      for (; offset < op.length(); offset++) {
        char ch = Character.toUpperCase(op.charAt(offset));
        if (ch == 'R' && (access & READ) == 0) {
          access |= READ;
        } else if (ch == 'W' && (access & WRITE) == 0) {
          access |= WRITE;
        } else if (op.charAt(offset) == '~') {
          offset++;
          break;
        } else {
          throw AclError.SYNTAX.exception();
        }
      }
      if (access == 0) {
        // "%~x" or "%": a pattern granting nothing. Redis 7.0 accepts it and then fails when
        // describing the user; refusing it up front is the safe reading.
        throw AclError.SYNTAX.exception();
      }
    } else {
      access = READ_WRITE;
    }
    String pattern = op.substring(offset);
    if (Ascii.hasSpaces(pattern)) {
      throw AclError.SYNTAX.exception();
    }
    for (KeyPattern k : keys) {
      if (k.pattern.equals(pattern)) {
        k.access |= access;
        allKeys = false;
        return;
      }
    }
    keys.add(new KeyPattern(pattern, access));
    allKeys = false;
  }

  private void addChannel(String op) throws AclError.RuleException {
    if (allChannels) {
      throw AclError.CHANNEL_AFTER_ALL_CHANNELS.exception();
    }
    String pattern = op.substring(1);
    if (Ascii.hasSpaces(pattern)) {
      throw AclError.SYNTAX.exception();
    }
    if (!channels.contains(pattern)) {
      channels.add(pattern);
    }
    allChannels = false;
  }

  /** {@code +cmd}, {@code +container|sub}, or {@code +cmd|firstarg} for a command without subs. */
  private void allowCommand(String name) throws AclError.RuleException {
    int bar = name.lastIndexOf('|');
    if (bar < 0) {
      CommandSpec spec = catalog.lookup(name);
      if (spec == null) {
        throw AclError.UNKNOWN_NAME.exception();
      }
      change(spec, true);
      return;
    }
    String base = name.substring(0, bar);
    String sub = name.substring(bar + 1);
    CommandSpec spec = catalog.lookup(base);
    if (spec == null) {
      throw AclError.UNKNOWN_NAME.exception();
    }
    if (catalog.parent(spec) != null) {
      throw AclError.FIRST_ARG_OF_SUBCOMMAND.exception();
    }
    if (sub.isEmpty()) {
      throw AclError.SYNTAX.exception();
    }
    if (spec.isContainer()) {
      CommandSpec subSpec = catalog.lookup(name);
      if (subSpec == null) {
        throw AclError.UNKNOWN_NAME.exception();
      }
      change(subSpec, true);
    } else {
      // A first argument of a plain command (SELECT|0): kept for compatibility, as Redis does.
      List<String> args = firstArgs.computeIfAbsent(catalog.id(spec), k -> new ArrayList<>());
      for (String a : args) {
        if (a.equalsIgnoreCase(sub)) {
          return;
        }
      }
      args.add(sub);
    }
  }

  /** Allows or denies a command; a container's subcommands follow it. */
  void change(CommandSpec spec, boolean allow) {
    BitSet ids = catalog.withSubcommands(spec);
    if (allow) {
      commands.or(ids);
    } else {
      commands.andNot(ids);
      allCommands = false;
    }
    firstArgs.remove(catalog.id(spec));
  }

  void changeCategory(String category, boolean allow) {
    BitSet reach = catalog.reach(category);
    if (reach.isEmpty()) {
      return;
    }
    if (allow) {
      commands.or(reach);
    } else {
      commands.andNot(reach);
      allCommands = false;
    }
    BitSet members = catalog.members(category);
    for (int id = members.nextSetBit(0); id >= 0; id = members.nextSetBit(id + 1)) {
      firstArgs.remove(id);
    }
  }

  boolean allows(int id) {
    return commands.get(id);
  }

  /** The command rules as GETUSER shows them ({@code +@all -debug}). */
  public String commandRules() {
    return CommandRulesDescriber.describe(this);
  }

  /** The key patterns as GETUSER shows them: {@code ~*} or the patterns separated by spaces. */
  public String keysDescription() {
    if (allKeys) {
      return "~*";
    }
    StringBuilder sb = new StringBuilder();
    for (KeyPattern k : keys) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(k.describe());
    }
    return sb.toString();
  }

  /** The channel patterns as GETUSER shows them: {@code &*} or {@code &a &b}. */
  public String channelsDescription() {
    if (allChannels) {
      return "&*";
    }
    StringBuilder sb = new StringBuilder();
    for (String ch : channels) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append('&').append(ch);
    }
    return sb.toString();
  }

  /** The selector as rules that rebuild it (ACL LIST, ACL SAVE). */
  String describe() {
    StringBuilder sb = new StringBuilder();
    if (allKeys) {
      sb.append("~* ");
    } else {
      for (KeyPattern k : keys) {
        sb.append(k.describe()).append(' ');
      }
    }
    if (allChannels) {
      sb.append("&* ");
    } else {
      sb.append("resetchannels ");
      for (String ch : channels) {
        sb.append('&').append(ch).append(' ');
      }
    }
    sb.append(CommandRulesDescriber.describe(this));
    return sb.toString();
  }
}
