package io.banyan.node.command.model;

/** Command flags with Redis's names, as COMMAND INFO reports them and the dispatcher uses them. */
public enum CommandFlag {
  WRITE("write"),
  READONLY("readonly"),
  DENYOOM("denyoom"),
  ADMIN("admin"),
  PUBSUB("pubsub"),
  NOSCRIPT("noscript"),
  BLOCKING("blocking"),
  LOADING("loading"),
  STALE("stale"),
  SKIP_MONITOR("skip_monitor"),
  SKIP_SLOWLOG("skip_slowlog"),
  ASKING("asking"),
  FAST("fast"),
  NO_AUTH("no_auth"),
  MAY_REPLICATE("may_replicate"),
  NO_MANDATORY_KEYS("no_mandatory_keys"),
  NO_ASYNC_LOADING("no_async_loading"),
  NO_MULTI("no_multi"),
  MOVABLE_KEYS("movablekeys"),
  ALLOW_BUSY("allow_busy");

  private final String wireName;

  CommandFlag(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static CommandFlag byWireName(String name) {
    for (CommandFlag f : values()) {
      if (f.wireName.equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown command flag: " + name);
  }
}
