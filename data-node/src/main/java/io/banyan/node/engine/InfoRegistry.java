package io.banyan.node.engine;

import io.banyan.node.client.Client;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sections INFO reports, so that every subsystem can contribute its own fields: the server
 * family installs Redis's standard sections, and persistence or replication can later replace a
 * whole section ({@link #register}) or add and override single fields ({@link #extend}) without
 * touching the others.
 *
 * <p>Sections print in Redis's order (server, clients, memory, ...), whatever the order of
 * registration; sections Redis does not know come last. Command-execution thread only.
 */
public final class InfoRegistry {
  /** Redis 7.0's section order. */
  private static final List<String> ORDER =
      List.of(
          "server",
          "clients",
          "memory",
          "persistence",
          "stats",
          "replication",
          "cpu",
          "modules",
          "commandstats",
          "errorstats",
          "latencystats",
          "cluster",
          "keyspace");

  /** Writes the fields of one section for the client that asked. */
  @FunctionalInterface
  public interface Section {
    void write(Client caller, Fields out);
  }

  /**
   * The fields of one section, in order. Adding a field that is already present replaces its value
   * in place, which is how an extension overrides a placeholder.
   */
  public static final class Fields {
    private final Map<String, String> values = new LinkedHashMap<>();

    public Fields add(String name, Object value) {
      values.put(name, String.valueOf(value));
      return this;
    }

    /** Adds a double with the given number of decimals, as Redis's {@code %.Nf}. */
    public Fields add(String name, double value, int decimals) {
      return add(name, String.format(Locale.ROOT, "%." + decimals + "f", value));
    }

    public Fields remove(String name) {
      values.remove(name);
      return this;
    }

    public String get(String name) {
      return values.get(name);
    }

    Map<String, String> values() {
      return values;
    }

    /** An unmodifiable copy, safe to hand to another thread. */
    public Map<String, String> snapshot() {
      return Map.copyOf(values);
    }
  }

  private static final class Registered {
    final String name;
    String title;
    boolean inDefault;
    Section base;
    final List<Section> extensions = new ArrayList<>();

    Registered(String name) {
      this.name = name;
    }
  }

  private final Map<String, Registered> sections = new LinkedHashMap<>();

  /**
   * Registers (or replaces) the base writer of a section.
   *
   * @param name lower-case name, as INFO's argument
   * @param title the header line's text, e.g. {@code Server} or {@code CPU}
   * @param inDefault whether plain INFO (and {@code INFO default}) includes it
   */
  public void register(String name, String title, boolean inDefault, Section section) {
    Registered r = sections.computeIfAbsent(name, Registered::new);
    r.title = title;
    r.inDefault = inDefault;
    r.base = section;
  }

  /** Registers a section only when none of that name has a base writer yet. */
  public void registerIfAbsent(String name, String title, boolean inDefault, Section section) {
    Registered r = sections.get(name);
    if (r == null || r.base == null) {
      register(name, title, inDefault, section);
    }
  }

  /** Adds fields to a section, after its base fields; a field written again overrides it. */
  public void extend(String name, Section extension) {
    sections.computeIfAbsent(name, Registered::new).extensions.add(extension);
  }

  public boolean has(String name) {
    Registered r = sections.get(name);
    return r != null && r.base != null;
  }

  /** The fields a section would report now, or null when there is no such section. */
  public Fields fields(Client caller, String name) {
    Registered r = sections.get(name);
    if (r == null || r.base == null) {
      return null;
    }
    Fields f = new Fields();
    r.base.write(caller, f);
    for (Section e : r.extensions) {
      e.write(caller, f);
    }
    return f;
  }

  /**
   * The INFO text for the requested section names (case-insensitive; {@code all}, {@code
   * everything} and {@code default} as Redis). No names means the default sections. Unknown names
   * are ignored, as Redis does.
   */
  public String render(Client caller, Collection<String> requested) {
    Set<String> wanted = new LinkedHashSet<>();
    if (requested.isEmpty()) {
      wanted.add("default");
    } else {
      for (String s : requested) {
        wanted.add(s.toLowerCase(Locale.ROOT));
      }
    }
    boolean all = wanted.contains("all") || wanted.contains("everything");
    boolean defaults = wanted.contains("default");
    StringBuilder sb = new StringBuilder(2048);
    int printed = 0;
    for (Registered r : ordered()) {
      if (r.base == null) {
        continue;
      }
      if (!(all || (defaults && r.inDefault) || wanted.contains(r.name))) {
        continue;
      }
      if (printed++ > 0) {
        sb.append("\r\n");
      }
      sb.append("# ").append(r.title).append("\r\n");
      for (Map.Entry<String, String> e : fields(caller, r.name).values().entrySet()) {
        sb.append(e.getKey()).append(':').append(e.getValue()).append("\r\n");
      }
    }
    return sb.toString();
  }

  private List<Registered> ordered() {
    List<Registered> out = new ArrayList<>(sections.size());
    for (String name : ORDER) {
      Registered r = sections.get(name);
      if (r != null) {
        out.add(r);
      }
    }
    for (Registered r : sections.values()) {
      if (!ORDER.contains(r.name)) {
        out.add(r);
      }
    }
    return out;
  }
}
