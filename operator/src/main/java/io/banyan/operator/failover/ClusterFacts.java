package io.banyan.operator.failover;

/**
 * The status facts the decisions need (read by the caller from {@code StoreClusterStatus}).
 *
 * @param currentMaster node the status names as master of {@code epoch}; null before bootstrap
 * @param epoch the status epoch (0 when absent)
 * @param inProgress the persisted failover, or null when none is in progress
 */
public record ClusterFacts(String currentMaster, long epoch, FailoverState inProgress) {}
