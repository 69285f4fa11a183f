package io.banyan.node.replication;

/**
 * A FAILOVER as the command asked for it, its arguments already checked for syntax.
 *
 * @param host the target replica's address, or null for whichever replica catches up first
 * @param port the target's listening port (0 without a target)
 * @param force with a timeout: switch to the target when it passes, caught up or not
 * @param timeoutMs how long to wait for a replica to catch up, 0 for no limit
 */
public record FailoverRequest(String host, int port, boolean force, long timeoutMs) {}
