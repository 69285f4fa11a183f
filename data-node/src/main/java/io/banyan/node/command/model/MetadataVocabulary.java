package io.banyan.node.command.model;

import java.util.List;
import java.util.Set;

/**
 * The closed word lists of Redis 7.0's command metadata. A definition chain may use only these
 * words, so that a typo fails when the table is built instead of reaching COMMAND INFO.
 */
public final class MetadataVocabulary {
  private MetadataVocabulary() {}

  /** ACL categories without the '@', in the order Redis lists them in COMMAND INFO. */
  public static final List<String> ACL_CATEGORIES =
      List.of(
          "keyspace",
          "read",
          "write",
          "set",
          "sortedset",
          "list",
          "hash",
          "string",
          "bitmap",
          "hyperloglog",
          "geo",
          "stream",
          "pubsub",
          "admin",
          "fast",
          "slow",
          "blocking",
          "dangerous",
          "connection",
          "transaction",
          "scripting");

  /** Command tips: output determinism, and how a cluster proxy fans a request out and merges. */
  static final Set<String> TIPS =
      Set.of(
          "nondeterministic_output",
          "nondeterministic_output_order",
          "request_policy:all_nodes",
          "request_policy:all_shards",
          "request_policy:multi_shard",
          "request_policy:special",
          "response_policy:one_succeeded",
          "response_policy:all_succeeded",
          "response_policy:agg_logical_and",
          "response_policy:agg_logical_or",
          "response_policy:agg_min",
          "response_policy:agg_max",
          "response_policy:agg_sum",
          "response_policy:special");
}
