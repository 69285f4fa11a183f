package io.banyan.node.acl;

import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.command.model.KeyExtractor;
import io.banyan.node.store.Glob;
import java.util.List;

/**
 * Whether a user may run a command line: one of its selectors must allow the command (or its first
 * argument), every key for the access its key spec declares, and every channel it publishes or
 * subscribes to. Keys come from the same key specs COMMAND GETKEYS evaluates.
 */
public final class PermissionCheck {
  private PermissionCheck() {}

  /** Null when allowed, else the most relevant refusal over all selectors, as Redis picks it. */
  public static Denial check(User u, CommandSpec spec, byte[][] argv) {
    Denial relevant = null;
    List<KeyExtractor.KeyRef> keys = null;
    boolean keysRead = false;
    for (Selector s : u.selectors) {
      Denial d = checkCommand(s, spec, argv);
      if (d == null && !s.allKeys && KeyExtractor.hasKeys(spec)) {
        if (!keysRead) {
          keys = KeyExtractor.extract(spec, argv);
          keysRead = true;
        }
        d = checkKeys(s, keys, argv);
      }
      if (d == null && !s.allChannels) {
        d = checkChannels(s, spec, argv);
      }
      if (d == null) {
        return null;
      }
      if (relevant == null
          || d.reason().ordinal() > relevant.reason().ordinal()
          || (d.reason() == relevant.reason() && d.position() > relevant.position())) {
        relevant = d;
      }
    }
    return relevant == null ? new Denial(Denial.Reason.COMMAND, 0) : relevant;
  }

  private static Denial checkCommand(Selector s, CommandSpec spec, byte[][] argv) {
    if (s.allCommands || spec.has(CommandFlag.NO_AUTH)) {
      return null;
    }
    int id = s.catalog.id(spec);
    if (id >= 0 && s.allows(id)) {
      return null;
    }
    List<String> allowed = id >= 0 ? s.firstArgs.get(id) : null;
    if (argv.length < 2 || allowed == null) {
      return new Denial(Denial.Reason.COMMAND, 0);
    }
    int idx = s.catalog.parent(spec) != null ? 2 : 1;
    if (idx < argv.length) {
      String arg = Ascii.latin1(argv[idx]);
      for (String a : allowed) {
        if (a.equalsIgnoreCase(arg)) {
          return null;
        }
      }
    }
    return new Denial(Denial.Reason.COMMAND, 0);
  }

  private static Denial checkKeys(Selector s, List<KeyExtractor.KeyRef> keys, byte[][] argv) {
    if (keys == null) {
      return null; // arguments the command will refuse anyway: no key to judge
    }
    for (KeyExtractor.KeyRef k : keys) {
      if (!keyAllowed(s, argv[k.position()], k.flags())) {
        return new Denial(Denial.Reason.KEY, k.position());
      }
    }
    return null;
  }

  /** The access a key spec declares: reading for access, writing for insert, delete, update. */
  static int intent(List<String> flags) {
    int need = 0;
    if (flags.contains("access")) {
      need |= Selector.READ;
    }
    if (flags.contains("insert") || flags.contains("delete") || flags.contains("update")) {
      need |= Selector.WRITE;
    }
    return need;
  }

  static boolean keyAllowed(Selector s, byte[] key, List<String> flags) {
    if (s.allKeys) {
      return true;
    }
    int need = intent(flags);
    for (Selector.KeyPattern p : s.keys) {
      if ((p.access & need) == need && Glob.matches(Ascii.bytes(p.pattern), key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * PUBLISH/SPUBLISH name one channel, (S)SUBSCRIBE several, PSUBSCRIBE patterns. A pattern is
   * allowed only when the user has the very same pattern: matching one glob against another would
   * let {@code &news.*} subscribe to {@code *}.
   */
  private static Denial checkChannels(Selector s, CommandSpec spec, byte[][] argv) {
    int last;
    boolean pattern = false;
    switch (spec.name()) {
      case "publish", "spublish" -> last = Math.min(1, argv.length - 1);
      case "subscribe", "ssubscribe" -> last = argv.length - 1;
      case "psubscribe" -> {
        last = argv.length - 1;
        pattern = true;
      }
      default -> {
        return null;
      }
    }
    for (int i = 1; i <= last; i++) {
      if (!channelAllowed(s.channels, argv[i], pattern)) {
        return new Denial(Denial.Reason.CHANNEL, i);
      }
    }
    return null;
  }

  static boolean channelAllowed(List<String> patterns, byte[] channel, boolean isPattern) {
    String literal = isPattern ? Ascii.latin1(channel) : null;
    for (String p : patterns) {
      if (isPattern ? p.equals(literal) : Glob.matches(Ascii.bytes(p), channel)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a user may still hear a channel (or pattern) it is subscribed to. */
  public static boolean mayHear(User u, byte[] channel, boolean isPattern) {
    for (Selector s : u.selectors) {
      if (s.allChannels || channelAllowed(s.channels, channel, isPattern)) {
        return true;
      }
    }
    return false;
  }
}
