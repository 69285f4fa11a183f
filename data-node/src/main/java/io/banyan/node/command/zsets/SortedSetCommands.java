package io.banyan.node.command.zsets;

import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;

/**
 * The sorted-set family (Redis 7.0's every Z* and BZ* command) plus SORT and SORT_RO, which sort
 * lists, sets and sorted sets. Handlers live in the classes named per group below.
 */
public final class SortedSetCommands implements CommandFamily {
  private static final String G = "sorted-set";
  private static final String RANGE_COST =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of"
          + " elements returned.";

  @Override
  public void register(CommandTable t) {
    registerMemberCommands(t);
    registerRangeCommands(t);
    registerPopCommands(t);
    registerSetOperations(t);
    registerSort(t);
  }

  private static void registerMemberCommands(CommandTable t) {
    t.define("zadd", -4, "write denyoom fast", 1, 1, 1, "@write @sortedset @fast")
        .keys("RW update|i1|r0,1,0")
        .doc(G, "1.2.0", "O(log(N)) for each item added", "Adds members or updates their scores.")
        .handler(ZWriteCommands::zadd);
    t.define("zincrby", 4, "write denyoom fast", 1, 1, 1, "@write @sortedset @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc(G, "1.2.0", "O(log(N))", "Adds an increment to a member's score (0 if absent).")
        .handler(ZWriteCommands::zincrby);
    t.define("zrem", -3, "write fast", 1, 1, 1, "@write @sortedset @fast")
        .keys("RW delete|i1|r0,1,0")
        .doc(G, "1.2.0", "O(M*log(N))", "Removes members; deletes the key when it empties.")
        .handler(ZWriteCommands::zrem);
    t.define("zcard", 2, "readonly fast", 1, 1, 1, "@read @sortedset @fast")
        .keys("RO|i1|r0,1,0")
        .doc(G, "1.2.0", "O(1)", "Counts the members.")
        .handler(ZReadCommands::zcard);
    t.define("zscore", 3, "readonly fast", 1, 1, 1, "@read @sortedset @fast")
        .keys("RO access|i1|r0,1,0")
        .doc(G, "1.2.0", "O(1)", "Returns a member's score.")
        .handler(ZReadCommands::zscore);
    t.define("zmscore", -3, "readonly fast", 1, 1, 1, "@read @sortedset @fast")
        .keys("RO access|i1|r0,1,0")
        .doc(G, "6.2.0", "O(N)", "Returns the scores of several members.")
        .handler(ZReadCommands::zmscore);
    t.define("zrank", 3, "readonly fast", 1, 1, 1, "@read @sortedset @fast")
        .keys("RO access|i1|r0,1,0")
        .doc(G, "2.0.0", "O(log(N))", "Returns a member's 0-based position, lowest score first.")
        .handler(ZReadCommands::zrank);
    t.define("zrevrank", 3, "readonly fast", 1, 1, 1, "@read @sortedset @fast")
        .keys("RO access|i1|r0,1,0")
        .doc(G, "2.0.0", "O(log(N))", "Returns a member's 0-based position, highest score first.")
        .handler(ZReadCommands::zrevrank);
    t.define("zcount", 4, "readonly fast", 1, 1, 1, "@read @sortedset @fast")
        .keys("RO access|i1|r0,1,0")
        .doc(G, "2.0.0", "O(log(N))", "Counts the members within a score range.")
        .handler(ZReadCommands::zcount);
    t.define("zlexcount", 4, "readonly fast", 1, 1, 1, "@read @sortedset @fast")
        .keys("RO access|i1|r0,1,0")
        .doc(G, "2.8.9", "O(log(N))", "Counts the members within a lexicographic range.")
        .handler(ZReadCommands::zlexcount);
    t.define("zrandmember", -2, "readonly", 1, 1, 1, "@read @sortedset @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output")
        .doc(G, "6.2.0", "O(N)", "Returns random members, optionally with scores.")
        .handler(ZRandScanCommands::zrandmember);
    t.define("zscan", -3, "readonly", 1, 1, 1, "@read @sortedset @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output")
        .doc(G, "2.8.0", "O(1) for every call", "Iterates members and scores with a cursor.")
        .handler(ZRandScanCommands::zscan);
  }

  private static void registerRangeCommands(CommandTable t) {
    String read = "@read @sortedset @slow";
    t.define("zrange", -4, "readonly", 1, 1, 1, read)
        .keys("RO access|i1|r0,1,0")
        .doc(G, "1.2.0", RANGE_COST, "Returns members by rank, score or lexicographic range.")
        .handler(ZRangeCommands::zrange);
    t.define("zrangestore", -5, "write denyoom", 1, 2, 1, "@write @sortedset @slow")
        .keys("OW update|i1|r0,1,0; RO access|i2|r0,1,0")
        .doc(G, "6.2.0", RANGE_COST, "Stores a range of a sorted set into another key.")
        .handler(ZRangeCommands::zrangestore);
    t.define("zrevrange", -4, "readonly", 1, 1, 1, read)
        .keys("RO access|i1|r0,1,0")
        .doc(G, "1.2.0", RANGE_COST, "Returns members by rank, highest score first.")
        .handler(ZRangeCommands::zrevrange);
    t.define("zrangebyscore", -4, "readonly", 1, 1, 1, read)
        .keys("RO access|i1|r0,1,0")
        .doc(G, "1.0.5", RANGE_COST, "Returns members within a score range.")
        .handler(ZRangeCommands::zrangebyscore);
    t.define("zrevrangebyscore", -4, "readonly", 1, 1, 1, read)
        .keys("RO access|i1|r0,1,0")
        .doc(G, "2.2.0", RANGE_COST, "Returns members within a score range, highest first.")
        .handler(ZRangeCommands::zrevrangebyscore);
    t.define("zrangebylex", -4, "readonly", 1, 1, 1, read)
        .keys("RO access|i1|r0,1,0")
        .doc(G, "2.8.9", RANGE_COST, "Returns members within a lexicographic range.")
        .handler(ZRangeCommands::zrangebylex);
    t.define("zrevrangebylex", -4, "readonly", 1, 1, 1, read)
        .keys("RO access|i1|r0,1,0")
        .doc(G, "2.8.9", RANGE_COST, "Returns members within a lexicographic range, reversed.")
        .handler(ZRangeCommands::zrevrangebylex);
    String write = "@write @sortedset @slow";
    String removeCost = "O(log(N)+M)";
    t.define("zremrangebyrank", 4, "write", 1, 1, 1, write)
        .keys("RW delete|i1|r0,1,0")
        .doc(G, "2.0.0", removeCost, "Removes the members within a range of ranks.")
        .handler(ZWriteCommands::zremrangebyrank);
    t.define("zremrangebyscore", 4, "write", 1, 1, 1, write)
        .keys("RW delete|i1|r0,1,0")
        .doc(G, "1.2.0", removeCost, "Removes the members within a score range.")
        .handler(ZWriteCommands::zremrangebyscore);
    t.define("zremrangebylex", 4, "write", 1, 1, 1, write)
        .keys("RW delete|i1|r0,1,0")
        .doc(G, "2.8.9", removeCost, "Removes the members within a lexicographic range.")
        .handler(ZWriteCommands::zremrangebylex);
  }

  private static void registerPopCommands(CommandTable t) {
    String fast = "@write @sortedset @fast";
    t.define("zpopmin", -2, "write fast", 1, 1, 1, fast)
        .keys("RW access delete|i1|r0,1,0")
        .doc(G, "5.0.0", "O(log(N)*M)", "Removes and returns the lowest scored members.")
        .handler(ZPopCommands::zpopmin);
    t.define("zpopmax", -2, "write fast", 1, 1, 1, fast)
        .keys("RW access delete|i1|r0,1,0")
        .doc(G, "5.0.0", "O(log(N)*M)", "Removes and returns the highest scored members.")
        .handler(ZPopCommands::zpopmax);
    t.define("zmpop", -4, "write movablekeys", 0, 0, 0, "@write @sortedset @slow")
        .keys("RW access delete|i1|k0,1,1")
        .doc(G, "7.0.0", "O(K)+O(M*log(N))", "Pops members from the first non-empty key.")
        .handler(ZPopCommands::zmpop);
    String blocking = "@write @sortedset @fast @blocking";
    t.define("bzpopmin", -3, "write noscript blocking fast", 1, -2, 1, blocking)
        .keys("RW access delete|i1|r-2,1,0")
        .doc(G, "5.0.0", "O(log(N))", "Pops the lowest scored member, waiting for one if needed.")
        .handler(ZPopCommands::bzpopmin);
    t.define("bzpopmax", -3, "write noscript blocking fast", 1, -2, 1, blocking)
        .keys("RW access delete|i1|r-2,1,0")
        .doc(G, "5.0.0", "O(log(N))", "Pops the highest scored member, waiting for one if needed.")
        .handler(ZPopCommands::bzpopmax);
    t.define(
            "bzmpop",
            -5,
            "write blocking movablekeys",
            0,
            0,
            0,
            "@write @sortedset @slow @blocking")
        .keys("RW access delete|i2|k0,1,1")
        .doc(G, "7.0.0", "O(K)+O(M*log(N))", "ZMPOP that waits for data when every key is empty.")
        .handler(ZPopCommands::bzmpop);
  }

  private static void registerSetOperations(CommandTable t) {
    String read = "@read @sortedset @slow";
    String write = "@write @sortedset @slow";
    t.define("zunion", -3, "readonly movablekeys", 0, 0, 0, read)
        .keys("RO access|i1|k0,1,1")
        .doc(G, "6.2.0", "O(N)+O(M*log(M))", "Returns the union of sorted sets.")
        .handler(ZSetOperations::zunion);
    t.define("zinter", -3, "readonly movablekeys", 0, 0, 0, read)
        .keys("RO access|i1|k0,1,1")
        .doc(G, "6.2.0", "O(N*K)+O(M*log(M))", "Returns the intersection of sorted sets.")
        .handler(ZSetOperations::zinter);
    t.define("zdiff", -3, "readonly movablekeys", 0, 0, 0, read)
        .keys("RO access|i1|k0,1,1")
        .doc(G, "6.2.0", "O(L+(N-K)log(N))", "Returns the members of the first set only.")
        .handler(ZSetOperations::zdiff);
    t.define("zunionstore", -4, "write denyoom movablekeys", 1, 1, 1, write)
        .keys("OW update|i1|r0,1,0; RO access|i2|k0,1,1")
        .doc(G, "2.0.0", "O(N)+O(M*log(M))", "Stores the union of sorted sets.")
        .handler(ZSetOperations::zunionstore);
    t.define("zinterstore", -4, "write denyoom movablekeys", 1, 1, 1, write)
        .keys("OW update|i1|r0,1,0; RO access|i2|k0,1,1")
        .doc(G, "2.0.0", "O(N*K)+O(M*log(M))", "Stores the intersection of sorted sets.")
        .handler(ZSetOperations::zinterstore);
    t.define("zdiffstore", -4, "write denyoom movablekeys", 1, 1, 1, write)
        .keys("OW update|i1|r0,1,0; RO access|i2|k0,1,1")
        .doc(G, "6.2.0", "O(L+(N-K)log(N))", "Stores the members of the first set only.")
        .handler(ZSetOperations::zdiffstore);
    t.define("zintercard", -3, "readonly movablekeys", 0, 0, 0, read)
        .keys("RO access|i1|k0,1,1")
        .doc(G, "7.0.0", "O(N*K)", "Counts the intersection of sorted sets, up to a limit.")
        .handler(ZSetOperations::zintercard);
  }

  private static void registerSort(CommandTable t) {
    String cost = "O(N+M*log(M))";
    t.define(
            "sort",
            -2,
            "write denyoom movablekeys",
            1,
            1,
            1,
            "@write @set @sortedset @list @slow @dangerous")
        .keys("RO access|i1|r0,1,0; RO access|u|u; OW update|u|u")
        .doc("generic", "1.0.0", cost, "Sorts a list, set or sorted set; may store the result.")
        .handler(SortCommand::sort);
    t.define(
            "sort_ro",
            -2,
            "readonly movablekeys",
            1,
            1,
            1,
            "@read @set @sortedset @list @slow @dangerous")
        .keys("RO access|i1|r0,1,0; RO access|u|u")
        .doc("generic", "7.0.0", cost, "Sorts a list, set or sorted set without storing.")
        .handler(SortCommand::sortRo);
  }
}
