package io.banyan.node.command.model;

import io.banyan.node.store.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the key arguments of a full command line (COMMAND GETKEYS) the way Redis 7.0 does: by
 * evaluating the key specs its definition declares ({@link CommandSpec#keySpecs}), and, where those
 * cannot tell (SORT's STORE, MIGRATE's KEYS, the GET option of SET that changes the key's flags),
 * by looking at the arguments themselves.
 */
public final class KeyExtractor {
  private KeyExtractor() {}

  /** One key argument: its position in the command line and its access flags. */
  public record KeyRef(int position, List<String> flags) {}

  private static final List<String> RO_ACCESS = List.of("RO", "access");
  private static final List<String> OW_UPDATE = List.of("OW", "update");
  private static final List<String> RW_ACCESS_UPDATE = List.of("RW", "access", "update");
  private static final List<String> RW_ACCESS_DELETE = List.of("RW", "access", "delete");

  /** Whether the command takes key arguments at all (specs other than channel-like not_key). */
  public static boolean hasKeys(CommandSpec spec) {
    for (KeySpec k : spec.keySpecs()) {
      if (!k.has("not_key")) {
        return true;
      }
    }
    return false;
  }

  /** The keys of argv (argv[0] is the command name), or null when the arguments are invalid. */
  public static List<KeyRef> extract(CommandSpec spec, byte[][] argv) {
    List<KeySpec> specs = spec.keySpecs();
    boolean variableFlags = specs.stream().anyMatch(k -> k.has("variable_flags"));
    if (!variableFlags) {
      List<KeyRef> bySpecs = bySpecs(spec, specs, argv);
      if (bySpecs != null) {
        return bySpecs;
      }
    }
    return switch (spec.name()) {
      case "set" -> setKeys(argv);
      case "bitfield" -> bitfieldKeys(argv);
      case "sort" -> sortKeys(argv);
      case "sort_ro" -> List.of(new KeyRef(1, RO_ACCESS));
      case "migrate" -> migrateKeys(argv);
      default -> null;
    };
  }

  private static List<KeyRef> bySpecs(CommandSpec cmd, List<KeySpec> specs, byte[][] argv) {
    int argc = argv.length;
    List<KeyRef> keys = new ArrayList<>();
    for (KeySpec spec : specs) {
      if (spec.has("not_key")) {
        continue;
      }
      int first;
      switch (spec.beginType()) {
        case "index" -> first = spec.index();
        case "keyword" -> {
          first = findKeyword(spec, argv);
          if (first == 0) {
            continue; // keyword absent: this spec contributes no keys
          }
        }
        default -> {
          return null;
        }
      }
      int last;
      int step;
      switch (spec.findType()) {
        case "range" -> {
          step = spec.b();
          int lastKey = spec.a();
          int limit = spec.c();
          if (lastKey >= 0) {
            last = first + lastKey;
          } else if (limit == 0) {
            last = argc + lastKey;
          } else {
            last = first + ((argc - first) / limit + lastKey);
          }
        }
        case "keynum" -> {
          step = spec.c();
          if (spec.a() >= argc || first + spec.a() >= argc) {
            return null;
          }
          Long numKeys = Bytes.parseLong(argv[first + spec.a()]);
          if (numKeys == null || numKeys < 0 || numKeys > argc) {
            return null;
          }
          first += spec.b();
          last = first + numKeys.intValue() - 1;
        }
        default -> {
          return null;
        }
      }
      if (last >= argc || last < first || first >= argc) {
        return null;
      }
      for (int i = first; i <= last; i += step) {
        keys.add(new KeyRef(i, spec.flags()));
      }
      if (spec.has("incomplete")) {
        return null;
      }
    }
    return keys;
  }

  /** The index after the keyword, searching forward or (negative start) backward; 0 if absent. */
  private static int findKeyword(KeySpec spec, byte[][] argv) {
    int argc = argv.length;
    int start = spec.index() > 0 ? spec.index() : argc + spec.index();
    int end = spec.index() > 0 ? argc - 1 : 0;
    int direction = start <= end ? 1 : -1;
    for (int i = start; i != end + direction; i += direction) {
      if (i >= argc || i < 0) {
        break;
      }
      if (Bytes.is(argv[i], spec.keyword().toLowerCase(java.util.Locale.ROOT))) {
        return i + 1;
      }
    }
    return 0;
  }

  /** SET's key is read as well as written when GET is given. */
  private static List<KeyRef> setKeys(byte[][] argv) {
    for (int i = 3; i < argv.length; i++) {
      if (Bytes.is(argv[i], "get")) {
        return List.of(new KeyRef(1, RW_ACCESS_UPDATE));
      }
    }
    return List.of(new KeyRef(1, OW_UPDATE));
  }

  /** BITFIELD only reads its key when every operation is a GET. */
  private static List<KeyRef> bitfieldKeys(byte[][] argv) {
    boolean readonly = true;
    for (int i = 2; i < argv.length; i++) {
      int remaining = argv.length - i - 1;
      if (Bytes.is(argv[i], "get") && remaining >= 2) {
        i += 2;
      } else if (Bytes.is(argv[i], "overflow") && remaining >= 1) {
        i += 1;
      } else {
        readonly = false; // SET, INCRBY, or a syntax error: assume a write
        break;
      }
    }
    return List.of(new KeyRef(1, readonly ? RO_ACCESS : RW_ACCESS_UPDATE));
  }

  /** SORT reads its key and, with STORE (the last one wins), writes the destination. */
  private static List<KeyRef> sortKeys(byte[][] argv) {
    int store = -1;
    for (int i = 2; i < argv.length; i++) {
      if (Bytes.is(argv[i], "limit")) {
        i += 2;
      } else if (Bytes.is(argv[i], "get") || Bytes.is(argv[i], "by")) {
        i += 1;
      } else if (Bytes.is(argv[i], "store") && i + 1 < argv.length) {
        store = i + 1;
      }
    }
    List<KeyRef> keys = new ArrayList<>(2);
    keys.add(new KeyRef(1, RO_ACCESS));
    if (store > 0) {
      keys.add(new KeyRef(store, OW_UPDATE));
    }
    return keys;
  }

  /** MIGRATE moves one key, or with an empty key argument, the keys after KEYS. */
  private static List<KeyRef> migrateKeys(byte[][] argv) {
    int first = 3;
    int count = 1;
    for (int i = 6; i < argv.length; i++) {
      if (Bytes.is(argv[i], "keys")) {
        if (argv[3].length > 0) {
          return null;
        }
        first = i + 1;
        count = argv.length - first;
        break;
      } else if (Bytes.is(argv[i], "auth")) {
        i += 1;
      } else if (Bytes.is(argv[i], "auth2")) {
        i += 2;
      }
    }
    if (first >= argv.length) {
      return null;
    }
    List<KeyRef> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(new KeyRef(first + i, RW_ACCESS_DELETE));
    }
    return keys;
  }
}
