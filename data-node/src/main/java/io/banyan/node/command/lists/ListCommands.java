package io.banyan.node.command.lists;

import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;

/**
 * The list commands of Redis 7.0, blocking ones included, with the metadata COMMAND INFO reports
 * for them. The implementations live in {@link PushPopCommands}, {@link ListQueryCommands}, {@link
 * ListEditCommands} and {@link BlockingListCommands}.
 */
public final class ListCommands implements CommandFamily {
  private static final String FAST_WRITE = "@write @list @fast";
  private static final String SLOW_WRITE = "@write @list @slow";
  private static final String SLOW_READ = "@read @list @slow";
  private static final String BLOCKING_WRITE = "@write @list @slow @blocking";

  @Override
  public void register(CommandTable t) {
    registerPushPop(t);
    registerQueries(t);
    registerEdits(t);
    registerBlocking(t);
  }

  private static void registerPushPop(CommandTable t) {
    t.define("lpush", -3, "write denyoom fast", 1, 1, 1, FAST_WRITE)
        .keys("RW insert|i1|r0,1,0")
        .doc("list", "1.0.0", "O(1) per element", "Prepends elements to a list, creating it.")
        .handler((c, argv) -> PushPopCommands.push(c, argv, ListEnd.LEFT));
    t.define("rpush", -3, "write denyoom fast", 1, 1, 1, FAST_WRITE)
        .keys("RW insert|i1|r0,1,0")
        .doc("list", "1.0.0", "O(1) per element", "Appends elements to a list, creating it.")
        .handler((c, argv) -> PushPopCommands.push(c, argv, ListEnd.RIGHT));
    t.define("lpushx", -3, "write denyoom fast", 1, 1, 1, FAST_WRITE)
        .keys("RW insert|i1|r0,1,0")
        .doc("list", "2.2.0", "O(1) per element", "Prepends elements to an existing list only.")
        .handler((c, argv) -> PushPopCommands.pushExisting(c, argv, ListEnd.LEFT));
    t.define("rpushx", -3, "write denyoom fast", 1, 1, 1, FAST_WRITE)
        .keys("RW insert|i1|r0,1,0")
        .doc("list", "2.2.0", "O(1) per element", "Appends elements to an existing list only.")
        .handler((c, argv) -> PushPopCommands.pushExisting(c, argv, ListEnd.RIGHT));
    t.define("lpop", -2, "write fast", 1, 1, 1, FAST_WRITE)
        .keys("RW access delete|i1|r0,1,0")
        .doc("list", "1.0.0", "O(N) for N popped elements", "Removes and returns head elements.")
        .handler((c, argv) -> PushPopCommands.pop(c, argv, ListEnd.LEFT));
    t.define("rpop", -2, "write fast", 1, 1, 1, FAST_WRITE)
        .keys("RW access delete|i1|r0,1,0")
        .doc("list", "1.0.0", "O(N) for N popped elements", "Removes and returns tail elements.")
        .handler((c, argv) -> PushPopCommands.pop(c, argv, ListEnd.RIGHT));
    t.define("lmpop", -4, "write movablekeys", 0, 0, 0, SLOW_WRITE)
        .keys("RW access delete|i1|k0,1,1")
        .doc(
            "list",
            "7.0.0",
            "O(N+M) for N keys and M popped elements",
            "Pops elements from the first non-empty list of several.")
        .handler(PushPopCommands::lmpop);
    t.define("lmove", 5, "write denyoom", 1, 2, 1, SLOW_WRITE)
        .keys("RW access delete|i1|r0,1,0; RW insert|i2|r0,1,0")
        .doc(
            "list", "6.2.0", "O(1)", "Moves an element from an end of a list to an end of another.")
        .handler(PushPopCommands::lmove);
    t.define("rpoplpush", 3, "write denyoom", 1, 2, 1, SLOW_WRITE)
        .keys("RW access delete|i1|r0,1,0; RW insert|i2|r0,1,0")
        .doc("list", "1.2.0", "O(1)", "Moves the tail element of a list to the head of another.")
        .handler(PushPopCommands::rpoplpush);
  }

  private static void registerQueries(CommandTable t) {
    t.define("llen", 2, "readonly fast", 1, 1, 1, "@read @list @fast")
        .keys("RO|i1|r0,1,0")
        .doc("list", "1.0.0", "O(1)", "Returns the length of a list.")
        .handler(ListQueryCommands::llen);
    t.define("lindex", 3, "readonly", 1, 1, 1, SLOW_READ)
        .keys("RO access|i1|r0,1,0")
        .doc("list", "1.0.0", "O(1)", "Returns the element at an index of a list.")
        .handler(ListQueryCommands::lindex);
    t.define("lrange", 4, "readonly", 1, 1, 1, SLOW_READ)
        .keys("RO access|i1|r0,1,0")
        .doc("list", "1.0.0", "O(N) for N returned elements", "Returns a range of a list.")
        .handler(ListQueryCommands::lrange);
    t.define("lpos", -3, "readonly", 1, 1, 1, SLOW_READ)
        .keys("RO access|i1|r0,1,0")
        .doc("list", "6.0.6", "O(N)", "Returns the positions of matching elements of a list.")
        .handler(ListQueryCommands::lpos);
  }

  private static void registerEdits(CommandTable t) {
    t.define("lset", 4, "write denyoom", 1, 1, 1, SLOW_WRITE)
        .keys("RW update|i1|r0,1,0")
        .doc("list", "1.0.0", "O(1)", "Replaces the element at an index of a list.")
        .handler(ListEditCommands::lset);
    t.define("ltrim", 4, "write", 1, 1, 1, SLOW_WRITE)
        .keys("RW delete|i1|r0,1,0")
        .doc("list", "1.0.0", "O(N) for N removed elements", "Keeps only a range of a list.")
        .handler(ListEditCommands::ltrim);
    t.define("linsert", 5, "write denyoom", 1, 1, 1, SLOW_WRITE)
        .keys("RW insert|i1|r0,1,0")
        .doc("list", "2.2.0", "O(N)", "Inserts an element before or after another in a list.")
        .handler(ListEditCommands::linsert);
    t.define("lrem", 4, "write", 1, 1, 1, SLOW_WRITE)
        .keys("RW delete|i1|r0,1,0")
        .doc("list", "1.0.0", "O(N)", "Removes elements equal to a value from a list.")
        .handler(ListEditCommands::lrem);
  }

  private static void registerBlocking(CommandTable t) {
    t.define("blpop", -3, "write noscript blocking", 1, -2, 1, BLOCKING_WRITE)
        .keys("RW access delete|i1|r-2,1,0")
        .doc("list", "2.0.0", "O(N) for N keys", "Pops a head element, waiting for one if needed.")
        .handler((c, argv) -> BlockingListCommands.blockingPop(c, argv, ListEnd.LEFT));
    t.define("brpop", -3, "write noscript blocking", 1, -2, 1, BLOCKING_WRITE)
        .keys("RW access delete|i1|r-2,1,0")
        .doc("list", "2.0.0", "O(N) for N keys", "Pops a tail element, waiting for one if needed.")
        .handler((c, argv) -> BlockingListCommands.blockingPop(c, argv, ListEnd.RIGHT));
    t.define("brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1, BLOCKING_WRITE)
        .keys("RW access delete|i1|r0,1,0; RW insert|i2|r0,1,0")
        .doc("list", "2.2.0", "O(1)", "RPOPLPUSH that waits for an element if needed.")
        .handler(BlockingListCommands::brpoplpush);
    t.define("blmove", 6, "write denyoom noscript blocking", 1, 2, 1, BLOCKING_WRITE)
        .keys("RW access delete|i1|r0,1,0; RW insert|i2|r0,1,0")
        .doc("list", "6.2.0", "O(1)", "LMOVE that waits for an element if needed.")
        .handler(BlockingListCommands::blmove);
    t.define("blmpop", -5, "write blocking movablekeys", 0, 0, 0, BLOCKING_WRITE)
        .keys("RW access delete|i2|k0,1,1")
        .doc(
            "list",
            "7.0.0",
            "O(N+M) for N keys and M popped elements",
            "LMPOP that waits for an element if needed.")
        .handler(BlockingListCommands::blmpop);
  }
}
