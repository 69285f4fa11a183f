package io.banyan.node.store;

/** The data types a key can hold, with the names TYPE and SCAN TYPE use. */
public enum ValueType {
  STRING("string"),
  LIST("list"),
  SET("set"),
  ZSET("zset"),
  HASH("hash");

  private final String wireName;

  ValueType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The type of a stored value: strings are plain byte arrays, the rest are composites. */
  public static ValueType of(Object value) {
    if (value instanceof byte[]) {
      return STRING;
    }
    return ((CompositeValue) value).type();
  }

  /** Looks a type up by its wire name, case-insensitively; null when unknown. */
  public static ValueType byName(String name) {
    for (ValueType t : values()) {
      if (t.wireName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    return null;
  }
}
