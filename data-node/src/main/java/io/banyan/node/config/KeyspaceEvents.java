package io.banyan.node.config;

/**
 * The notify-keyspace-events classes as bit flags, with Redis's one-character names. {@link #parse}
 * and {@link #format} convert between the flags and the option text.
 */
public final class KeyspaceEvents {
  private KeyspaceEvents() {}

  /** K: publish on __keyspace@db__:key. */
  public static final int KEYSPACE = 1;

  /** E: publish on __keyevent@db__:event. */
  public static final int KEYEVENT = 1 << 1;

  /** g: generic commands (DEL, EXPIRE, RENAME, ...). */
  public static final int GENERIC = 1 << 2;

  /** $: string commands. */
  public static final int STRING = 1 << 3;

  /** l: list commands. */
  public static final int LIST = 1 << 4;

  /** s: set commands. */
  public static final int SET = 1 << 5;

  /** h: hash commands. */
  public static final int HASH = 1 << 6;

  /** z: sorted set commands. */
  public static final int ZSET = 1 << 7;

  /** x: key expired. */
  public static final int EXPIRED = 1 << 8;

  /** e: key evicted. */
  public static final int EVICTED = 1 << 9;

  /** t: stream commands. */
  public static final int STREAM = 1 << 10;

  /** m: key miss (not part of A). */
  public static final int KEY_MISS = 1 << 11;

  /** d: module key type events. */
  public static final int MODULE = 1 << 12;

  /** n: new key (not part of A). */
  public static final int NEW = 1 << 13;

  /** A: alias for g$lshzxetd. */
  public static final int ALL =
      GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

  /** Flags for the option text, or -1 when it has a character that names no class. */
  public static int parse(String classes) {
    int flags = 0;
    for (int i = 0; i < classes.length(); i++) {
      int f =
          switch (classes.charAt(i)) {
            case 'A' -> ALL;
            case 'g' -> GENERIC;
            case '$' -> STRING;
            case 'l' -> LIST;
            case 's' -> SET;
            case 'h' -> HASH;
            case 'z' -> ZSET;
            case 'x' -> EXPIRED;
            case 'e' -> EVICTED;
            case 'K' -> KEYSPACE;
            case 'E' -> KEYEVENT;
            case 't' -> STREAM;
            case 'm' -> KEY_MISS;
            case 'd' -> MODULE;
            case 'n' -> NEW;
            default -> -1;
          };
      if (f == -1) {
        return -1;
      }
      flags |= f;
    }
    return flags;
  }

  /** The option text for flags, in Redis's canonical order (CONFIG GET shows this form). */
  public static String format(int flags) {
    StringBuilder sb = new StringBuilder();
    if ((flags & ALL) == ALL) {
      sb.append('A'); // like Redis, A hides n even when it is set
    } else {
      append(sb, flags, GENERIC, 'g');
      append(sb, flags, STRING, '$');
      append(sb, flags, LIST, 'l');
      append(sb, flags, SET, 's');
      append(sb, flags, HASH, 'h');
      append(sb, flags, ZSET, 'z');
      append(sb, flags, EXPIRED, 'x');
      append(sb, flags, EVICTED, 'e');
      append(sb, flags, STREAM, 't');
      append(sb, flags, MODULE, 'd');
      append(sb, flags, NEW, 'n');
    }
    append(sb, flags, KEYSPACE, 'K');
    append(sb, flags, KEYEVENT, 'E');
    append(sb, flags, KEY_MISS, 'm');
    return sb.toString();
  }

  private static void append(StringBuilder sb, int flags, int flag, char c) {
    if ((flags & flag) != 0) {
      sb.append(c);
    }
  }
}
