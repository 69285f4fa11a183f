package io.banyan.node.replication;

/** Counters INFO stats reports for replication. */
final class ReplicationStats {
  long syncFull;
  long syncPartialOk;
  long syncPartialErr;
}
