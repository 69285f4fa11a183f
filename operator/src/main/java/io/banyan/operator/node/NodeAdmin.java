package io.banyan.operator.node;

import java.io.IOException;

/**
 * The administrative commands the operator sends to one data node. Each call is one RESP round trip
 * bounded by the connector's timeout; every command is idempotent, so a reconcile that dies
 * half-way can simply be repeated (I5).
 */
public interface NodeAdmin extends AutoCloseable {
  /**
   * {@code INFO server replication}, raw text: the replication section, and the server section for
   * the process's {@code run_id} (a restarted node reread its configuration file).
   */
  String infoReplication() throws IOException;

  /** {@code REPLICAOF host port}: follow that master (a no-op when already following it). */
  void replicaOf(String host, int port) throws IOException;

  /** {@code REPLICAOF NO ONE}: become a master, keeping the data set and the old history id. */
  void promote() throws IOException;

  /**
   * {@code BANYAN PROMOTE epoch}: in one idempotent step, check the epoch is not older than the
   * node's ({@code -STALEEPOCH} otherwise), raise and persist it, lift the fence and become master
   * keeping the data. Replaces {@code REPLICAOF NO ONE} + {@code BANYAN ADMIT}, whose order could
   * leave an unfenced master refusing the ADMIT. A node without the subcommand (older image) is
   * admitted first, then promoted.
   */
  void promote(long epoch) throws IOException;

  /** {@code BANYAN FENCE epoch}: stop acknowledging writes and serving replicas. */
  void fence(long epoch) throws IOException;

  /** {@code BANYAN ADMIT epoch}: the node holds its role for this epoch; lift the fence. */
  void admit(long epoch) throws IOException;

  /** {@code FAILOVER TO host port TIMEOUT ms}: hand the master role over without losing writes. */
  void failoverTo(String host, int port, long timeoutMillis) throws IOException;

  /** {@code CONFIG SET name value}. */
  void configSet(String name, String value) throws IOException;

  /**
   * {@code CONFIG GET name...}: each named option the node knows, with its value as the node shows
   * it; names it does not know are absent.
   */
  java.util.Map<String, String> configGet(java.util.Collection<String> names) throws IOException;

  /**
   * The SHA-256 hashes of {@code user}'s passwords ({@code ACL GETUSER}); null when the node has no
   * such user.
   */
  java.util.Set<String> aclPasswordHashes(String user) throws IOException;

  /** {@code ACL SETUSER user rule...}: rules apply on top of what the user has. */
  void aclSetUser(String user, java.util.List<String> rules) throws IOException;

  /** {@code ACL DELUSER user} (a no-op for a user the node does not have). */
  void aclDelUser(String user) throws IOException;

  /** {@code ACL USERS}: every user name the node has. */
  java.util.List<String> aclUsers() throws IOException;

  @Override
  void close();
}
