package io.banyan.node.command.server;

import java.util.List;
import java.util.Map;

/**
 * Redis 7.0's command tips (nondeterministic output, request and response policies for cluster
 * proxies) by command name, as COMMAND INFO on a real 7.0 server reports them.
 */
final class CommandTips {
  private CommandTips() {}

  private static Map.Entry<String, String> e(String name, String tips) {
    return Map.entry(name, tips);
  }

  private static final Map<String, String> TIPS =
      Map.ofEntries(
          e("client|info", "nondeterministic_output"),
          e("client|list", "nondeterministic_output"),
          e("cluster|bumpepoch", "nondeterministic_output"),
          e("cluster|count-failure-reports", "nondeterministic_output"),
          e("cluster|getkeysinslot", "nondeterministic_output"),
          e("cluster|info", "nondeterministic_output"),
          e("cluster|links", "nondeterministic_output"),
          e("cluster|nodes", "nondeterministic_output"),
          e("cluster|replicas", "nondeterministic_output"),
          e("cluster|shards", "nondeterministic_output"),
          e("cluster|slaves", "nondeterministic_output"),
          e("cluster|slots", "nondeterministic_output"),
          e("command", "nondeterministic_output_order"),
          e("command|docs", "nondeterministic_output_order"),
          e("command|info", "nondeterministic_output_order"),
          e("command|list", "nondeterministic_output_order"),
          e("config|set", "request_policy:all_nodes response_policy:all_succeeded"),
          e("dbsize", "request_policy:all_shards response_policy:agg_sum"),
          e("del", "request_policy:multi_shard response_policy:agg_sum"),
          e("dump", "nondeterministic_output"),
          e("exists", "request_policy:multi_shard response_policy:agg_sum"),
          e("flushall", "request_policy:all_shards response_policy:all_succeeded"),
          e("flushdb", "request_policy:all_shards response_policy:all_succeeded"),
          e("function|delete", "request_policy:all_shards response_policy:all_succeeded"),
          e("function|flush", "request_policy:all_shards response_policy:all_succeeded"),
          e("function|kill", "request_policy:all_shards response_policy:one_succeeded"),
          e("function|list", "nondeterministic_output_order"),
          e("function|load", "request_policy:all_shards response_policy:all_succeeded"),
          e("function|restore", "request_policy:all_shards response_policy:all_succeeded"),
          e(
              "function|stats",
              "nondeterministic_output request_policy:all_shards response_policy:special"),
          e("hgetall", "nondeterministic_output_order"),
          e("hkeys", "nondeterministic_output_order"),
          e("hrandfield", "nondeterministic_output"),
          e("hscan", "nondeterministic_output"),
          e("hvals", "nondeterministic_output_order"),
          e("info", "nondeterministic_output request_policy:all_shards response_policy:special"),
          e("keys", "request_policy:all_shards nondeterministic_output_order"),
          e("lastsave", "nondeterministic_output"),
          e(
              "latency|doctor",
              "nondeterministic_output request_policy:all_nodes response_policy:special"),
          e(
              "latency|graph",
              "nondeterministic_output request_policy:all_nodes response_policy:special"),
          e(
              "latency|histogram",
              "nondeterministic_output request_policy:all_nodes response_policy:special"),
          e(
              "latency|history",
              "nondeterministic_output request_policy:all_nodes response_policy:special"),
          e(
              "latency|latest",
              "nondeterministic_output request_policy:all_nodes response_policy:special"),
          e("latency|reset", "request_policy:all_nodes response_policy:all_succeeded"),
          e(
              "memory|doctor",
              "nondeterministic_output request_policy:all_shards response_policy:special"),
          e(
              "memory|malloc-stats",
              "nondeterministic_output request_policy:all_shards response_policy:special"),
          e("memory|purge", "request_policy:all_shards response_policy:all_succeeded"),
          e(
              "memory|stats",
              "nondeterministic_output request_policy:all_shards response_policy:special"),
          e("mget", "request_policy:multi_shard"),
          e("migrate", "nondeterministic_output"),
          e("module|list", "nondeterministic_output_order"),
          e("mset", "request_policy:multi_shard response_policy:all_succeeded"),
          e("msetnx", "request_policy:multi_shard response_policy:agg_min"),
          e("object|encoding", "nondeterministic_output"),
          e("object|freq", "nondeterministic_output"),
          e("object|idletime", "nondeterministic_output"),
          e("object|refcount", "nondeterministic_output"),
          e("ping", "request_policy:all_shards response_policy:all_succeeded"),
          e("pttl", "nondeterministic_output"),
          e("randomkey", "request_policy:all_shards nondeterministic_output"),
          e("scan", "nondeterministic_output request_policy:special"),
          e("script|exists", "request_policy:all_shards response_policy:agg_logical_and"),
          e("script|flush", "request_policy:all_nodes response_policy:all_succeeded"),
          e("script|kill", "request_policy:all_shards response_policy:one_succeeded"),
          e("script|load", "request_policy:all_nodes response_policy:all_succeeded"),
          e("sdiff", "nondeterministic_output_order"),
          e("sinter", "nondeterministic_output_order"),
          e("slowlog|get", "request_policy:all_nodes nondeterministic_output"),
          e(
              "slowlog|len",
              "request_policy:all_nodes response_policy:agg_sum nondeterministic_output"),
          e("slowlog|reset", "request_policy:all_nodes response_policy:all_succeeded"),
          e("smembers", "nondeterministic_output_order"),
          e("spop", "nondeterministic_output"),
          e("srandmember", "nondeterministic_output"),
          e("sscan", "nondeterministic_output"),
          e("sunion", "nondeterministic_output_order"),
          e("time", "nondeterministic_output"),
          e("touch", "request_policy:multi_shard response_policy:agg_sum"),
          e("ttl", "nondeterministic_output"),
          e("unlink", "request_policy:multi_shard response_policy:agg_sum"),
          e("wait", "request_policy:all_shards response_policy:agg_min"),
          e("xadd", "nondeterministic_output"),
          e("xautoclaim", "nondeterministic_output"),
          e("xclaim", "nondeterministic_output"),
          e("xinfo|consumers", "nondeterministic_output"),
          e("xpending", "nondeterministic_output"),
          e("xtrim", "nondeterministic_output"),
          e("zrandmember", "nondeterministic_output"),
          e("zscan", "nondeterministic_output"));

  /** The tips of a command, empty when it has none. */
  static List<String> of(String name) {
    String t = TIPS.get(name);
    return t == null ? List.of() : List.of(t.split(" "));
  }
}
