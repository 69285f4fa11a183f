package io.banyan.node.command.strings;

import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;

/**
 * The string and bitmap commands: plain get/set with expiry options, counters, ranges, bit
 * operations, BITFIELD and LCS. Metadata (arity, flags, key positions, ACL categories) is Redis
 * 7.0's; the handlers live in one class per group.
 */
public final class StringCommands implements CommandFamily {
  @Override
  public void register(CommandTable t) {
    registerGetSet(t);
    registerCounters(t);
    registerRanges(t);
    registerBits(t);
  }

  private static void registerGetSet(CommandTable t) {
    t.define("get", 2, "readonly fast", 1, 1, 1, "@read @string @fast")
        .keys("RO access|i1|r0,1,0")
        .doc("string", "1.0.0", "O(1)", "Returns the string stored at a key.")
        .handler(GetSetCommands::get);
    t.define("set", -3, "write denyoom", 1, 1, 1, "@write @string @slow")
        .keys("RW access update variable_flags|i1|r0,1,0")
        .doc(
            "string",
            "1.0.0",
            "O(1)",
            "Stores a string at a key, optionally with an expiry, a condition, or the old value"
                + " returned.")
        .handler(GetSetCommands::set);
    t.define("setnx", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast")
        .keys("OW insert|i1|r0,1,0")
        .doc("string", "1.0.0", "O(1)", "Stores a string only when the key does not exist yet.")
        .handler(GetSetCommands::setnx);
    t.define("setex", 4, "write denyoom", 1, 1, 1, "@write @string @slow")
        .keys("OW update|i1|r0,1,0")
        .doc("string", "2.0.0", "O(1)", "Stores a string with a time to live in seconds.")
        .handler(GetSetCommands::setex);
    t.define("psetex", 4, "write denyoom", 1, 1, 1, "@write @string @slow")
        .keys("OW update|i1|r0,1,0")
        .doc("string", "2.6.0", "O(1)", "Stores a string with a time to live in milliseconds.")
        .handler(GetSetCommands::psetex);
    t.define("getset", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc("string", "1.0.0", "O(1)", "Stores a string and returns the one it replaced.")
        .handler(GetSetCommands::getset);
    t.define("getdel", 2, "write fast", 1, 1, 1, "@write @string @fast")
        .keys("RW access delete|i1|r0,1,0")
        .doc("string", "6.2.0", "O(1)", "Returns a string and deletes its key.")
        .handler(GetSetCommands::getdel);
    t.define("getex", -2, "write fast", 1, 1, 1, "@write @string @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc("string", "6.2.0", "O(1)", "Returns a string and changes or removes its expiry.")
        .handler(GetSetCommands::getex);
    t.define("mget", -2, "readonly fast", 1, -1, 1, "@read @string @fast")
        .keys("RO access|i1|r-1,1,0")
        .tips("request_policy:multi_shard")
        .doc("string", "1.0.0", "O(N)", "Returns the strings stored at several keys.")
        .handler(GetSetCommands::mget);
    t.define("mset", -3, "write denyoom", 1, -1, 2, "@write @string @slow")
        .keys("OW update|i1|r-1,2,0")
        .tips("request_policy:multi_shard response_policy:all_succeeded")
        .doc("string", "1.0.1", "O(N)", "Stores several strings at once.")
        .handler(GetSetCommands::mset);
    t.define("msetnx", -3, "write denyoom", 1, -1, 2, "@write @string @slow")
        .keys("OW insert|i1|r-1,2,0")
        .tips("request_policy:multi_shard response_policy:agg_min")
        .doc("string", "1.0.1", "O(N)", "Stores several strings only when none of the keys exist.")
        .handler(GetSetCommands::msetnx);
  }

  private static void registerCounters(CommandTable t) {
    t.define("incr", 2, "write denyoom fast", 1, 1, 1, "@write @string @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc("string", "1.0.0", "O(1)", "Adds one to the integer stored at a key.")
        .handler(CounterCommands::incr);
    t.define("decr", 2, "write denyoom fast", 1, 1, 1, "@write @string @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc("string", "1.0.0", "O(1)", "Subtracts one from the integer stored at a key.")
        .handler(CounterCommands::decr);
    t.define("incrby", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc("string", "1.0.0", "O(1)", "Adds an integer to the integer stored at a key.")
        .handler(CounterCommands::incrby);
    t.define("decrby", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc("string", "1.0.0", "O(1)", "Subtracts an integer from the integer stored at a key.")
        .handler(CounterCommands::decrby);
    t.define("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc("string", "2.6.0", "O(1)", "Adds a decimal number to the number stored at a key.")
        .handler(CounterCommands::incrbyfloat);
  }

  private static void registerRanges(CommandTable t) {
    t.define("append", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast")
        .keys("RW insert|i1|r0,1,0")
        .doc("string", "2.0.0", "O(1)", "Appends bytes to a string, creating it when absent.")
        .handler(RangeCommands::append);
    t.define("strlen", 2, "readonly fast", 1, 1, 1, "@read @string @fast")
        .keys("RO|i1|r0,1,0")
        .doc("string", "2.2.0", "O(1)", "Returns the length in bytes of a string.")
        .handler(RangeCommands::strlen);
    t.define("getrange", 4, "readonly", 1, 1, 1, "@read @string @slow")
        .keys("RO access|i1|r0,1,0")
        .doc("string", "2.4.0", "O(N)", "Returns the bytes of a string between two offsets.")
        .handler(RangeCommands::getrange);
    t.define("substr", 4, "readonly", 1, 1, 1, "@read @string @slow")
        .keys("RO access|i1|r0,1,0")
        .doc("string", "1.0.0", "O(N)", "Old name of GETRANGE.")
        .handler(RangeCommands::getrange);
    t.define("setrange", 4, "write denyoom", 1, 1, 1, "@write @string @slow")
        .keys("RW update|i1|r0,1,0")
        .doc("string", "2.2.0", "O(1)", "Overwrites part of a string, zero-padding it as needed.")
        .handler(RangeCommands::setrange);
    t.define("lcs", -3, "readonly", 1, 2, 1, "@read @string @slow")
        .keys("RO access|i1|r1,1,0")
        .doc(
            "string",
            "7.0.0",
            "O(N*M)",
            "Finds the longest common subsequence of two strings, or its length or positions.")
        .handler(LcsCommand::lcs);
  }

  private static void registerBits(CommandTable t) {
    t.define("setbit", 4, "write denyoom", 1, 1, 1, "@write @bitmap @slow")
        .keys("RW access update|i1|r0,1,0")
        .doc("bitmap", "2.2.0", "O(1)", "Sets or clears one bit of a string; returns the old bit.")
        .handler(BitCommands::setbit);
    t.define("getbit", 3, "readonly fast", 1, 1, 1, "@read @bitmap @fast")
        .keys("RO access|i1|r0,1,0")
        .doc("bitmap", "2.2.0", "O(1)", "Returns one bit of a string.")
        .handler(BitCommands::getbit);
    t.define("bitcount", -2, "readonly", 1, 1, 1, "@read @bitmap @slow")
        .keys("RO access|i1|r0,1,0")
        .doc("bitmap", "2.6.0", "O(N)", "Counts the set bits of a string or of a range of it.")
        .handler(BitCommands::bitcount);
    t.define("bitpos", -3, "readonly", 1, 1, 1, "@read @bitmap @slow")
        .keys("RO access|i1|r0,1,0")
        .doc("bitmap", "2.8.7", "O(N)", "Finds the first set or clear bit of a string or range.")
        .handler(BitCommands::bitpos);
    t.define("bitop", -4, "write denyoom", 2, -1, 1, "@write @bitmap @slow")
        .keys("OW update|i2|r0,1,0; RO access|i3|r-1,1,0")
        .doc("bitmap", "2.6.0", "O(N)", "Combines strings bitwise and stores the result.")
        .handler(BitCommands::bitop);
    t.define("bitfield", -2, "write denyoom", 1, 1, 1, "@write @bitmap @slow")
        .keys("RW access update variable_flags|i1|r0,1,0")
        .doc(
            "bitmap",
            "3.2.0",
            "O(1) for each subcommand specified",
            "Reads, writes and increments integers of any width at any bit offset of a string.")
        .handler(BitFieldCommand::bitfield);
    t.define("bitfield_ro", -2, "readonly fast", 1, 1, 1, "@read @bitmap @fast")
        .keys("RO access|i1|r0,1,0")
        .doc(
            "bitmap",
            "6.0.0",
            "O(1) for each subcommand specified",
            "Reads integers of any width at any bit offset of a string.")
        .handler(BitFieldCommand::bitfieldRo);
  }
}
