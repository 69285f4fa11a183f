package io.banyan.node.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/** Value types with rules of their own: notify-keyspace-events, replicaof and dir. */
public final class SpecialTypes {
  private SpecialTypes() {}

  /** notify-keyspace-events: event class characters, as {@link KeyspaceEvents} flags. */
  public static final class KeyspaceEventsType implements ValueType<Integer> {
    @Override
    public Integer parse(List<String> words, Integer current) {
      int flags = KeyspaceEvents.parse(words.get(0));
      if (flags < 0) {
        throw new InvalidValueException(
            "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
            "'" + words.get(0) + "' has a character that is none of A g $ l s h z x e K E t m d n");
      }
      return flags;
    }

    @Override
    public String format(Integer flags) {
      return KeyspaceEvents.format(flags);
    }

    @Override
    public String fileText(Integer flags) {
      return ConfigSyntax.quote(format(flags));
    }

    @Override
    public List<RewriteLine> rewrite(Integer flags, boolean isDefault) {
      return List.of(new RewriteLine(fileText(flags), flags != 0));
    }
  }

  /** A master's address for replicaof. */
  public record HostAndPort(String host, int port) {}

  /** replicaof: {@code <host> <port>}, or {@code no one} for a master (null). */
  public static final class ReplicaOfType implements ValueType<HostAndPort> {
    @Override
    public HostAndPort parse(List<String> words, HostAndPort current) {
      if (words.size() != 2) {
        throw new InvalidValueException(
            "wrong number of arguments", "expected <host> <port>, or 'no one'");
      }
      if (words.get(0).equalsIgnoreCase("no") && words.get(1).equalsIgnoreCase("one")) {
        return null;
      }
      Long port = ScalarTypes.parseLenientLong(words.get(1));
      if (port == null || port < 0 || port > 65535 || words.get(1).isEmpty()) {
        throw new InvalidValueException(
            "Invalid master port", "'" + words.get(1) + "' is not a port between 0 and 65535");
      }
      return new HostAndPort(words.get(0), port.intValue());
    }

    @Override
    public String format(HostAndPort value) {
      return value == null ? "" : value.host() + " " + value.port();
    }

    @Override
    public boolean multiWord() {
      return true;
    }

    @Override
    public List<RewriteLine> rewrite(HostAndPort value, boolean isDefault) {
      return value == null ? List.of() : List.of(new RewriteLine(format(value), true));
    }
  }

  /**
   * dir: an existing directory, resolved against the current one (Redis changes its working
   * directory; this node keeps the absolute path instead, and resolves data files against it).
   */
  public static final class DirType implements ValueType<String> {
    @Override
    public String parse(List<String> words, String current) {
      String w = words.get(0);
      Path resolved;
      try {
        resolved = absolute(current).resolve(w).normalize();
      } catch (InvalidPathException e) {
        throw new InvalidValueException("No such file or directory", "'" + w + "' is not a path");
      }
      if (w.isEmpty() || !Files.exists(resolved)) {
        throw new InvalidValueException(
            "No such file or directory", "directory '" + w + "' does not exist");
      }
      if (!Files.isDirectory(resolved)) {
        throw new InvalidValueException("Not a directory", "'" + w + "' is not a directory");
      }
      return resolved.toString();
    }

    @Override
    public String format(String value) {
      return absolute(value).toString();
    }

    @Override
    public String fileText(String value) {
      return ConfigSyntax.quote(format(value));
    }

    @Override
    public List<RewriteLine> rewrite(String value, boolean isDefault) {
      return List.of(new RewriteLine(fileText(value), true));
    }

    private static Path absolute(String dir) {
      return Path.of(dir == null || dir.isEmpty() ? "." : dir).toAbsolutePath().normalize();
    }
  }
}
