package io.banyan.operator.observe;

/**
 * What one probe of one data node saw (ROLE / INFO replication over RESP). Pure data: the failover
 * decisions and the status aggregator read these and never talk to nodes themselves.
 *
 * @param node stable node name (DesiredTree name, e.g. {@code jf-a-0})
 * @param podExists the node's pod exists (false: deleted, evicted, never created)
 * @param reachable the node answered the probe within its timeout
 * @param role the role the node reports; {@link Role#UNKNOWN} when unreachable
 * @param fenced the node refuses writes and replicas until the operator admits it (start-up fence
 *     or {@code BANYAN FENCE})
 * @param epoch the failover epoch last given to the node ({@code banyan_epoch}); 0 when never set
 * @param masterAddress for a replica, {@code host:port} of the master it follows; null otherwise
 * @param link for a replica, the state of its link to its master; {@link Link#NONE} for a master
 * @param linkDownMillis for a replica whose link is down, for how long; 0 when up
 * @param offset master_repl_offset on a master; the replica's processed offset on a replica
 * @param replid the node's current replication id; null when unreachable
 * @param connectedReplicas number of replicas attached (connected_slaves)
 * @param masterSilentMillis for a replica, how long it has not heard from its master ({@code
 *     banyan_master_last_io_ms}: counts on while a stopped master's link still looks up, and after
 *     the link is lost); -1 when unknown (not a replica, or it never heard from this master)
 * @param runId the node process's {@code run_id} (INFO server): a new one means the process
 *     restarted and read its configuration file again; null when unreachable or not reported
 */
public record NodeObservation(
    String node,
    boolean podExists,
    boolean reachable,
    Role role,
    boolean fenced,
    long epoch,
    String masterAddress,
    Link link,
    long linkDownMillis,
    long offset,
    String replid,
    int connectedReplicas,
    long masterSilentMillis,
    String runId) {

  /** An observation without the process's run id (a node that does not report it). */
  public NodeObservation(
      String node,
      boolean podExists,
      boolean reachable,
      Role role,
      boolean fenced,
      long epoch,
      String masterAddress,
      Link link,
      long linkDownMillis,
      long offset,
      String replid,
      int connectedReplicas,
      long masterSilentMillis) {
    this(
        node,
        podExists,
        reachable,
        role,
        fenced,
        epoch,
        masterAddress,
        link,
        linkDownMillis,
        offset,
        replid,
        connectedReplicas,
        masterSilentMillis,
        null);
  }

  /** An observation without the master's silence (a node that does not report it). */
  public NodeObservation(
      String node,
      boolean podExists,
      boolean reachable,
      Role role,
      boolean fenced,
      long epoch,
      String masterAddress,
      Link link,
      long linkDownMillis,
      long offset,
      String replid,
      int connectedReplicas) {
    this(
        node,
        podExists,
        reachable,
        role,
        fenced,
        epoch,
        masterAddress,
        link,
        linkDownMillis,
        offset,
        replid,
        connectedReplicas,
        -1);
  }

  /** The role a node reports. */
  public enum Role {
    MASTER,
    REPLICA,
    UNKNOWN
  }

  /** A replica's link to its master, as INFO replication reports it. */
  public enum Link {
    UP,
    SYNCING,
    DOWN,
    NONE
  }

  /**
   * This observation for a node whose pod no longer exists but whose process answered at the pod's
   * last address (force-deleted pod, kubelet cut off from the API): alive, so fenced before any
   * promotion, yet never a candidate.
   */
  public NodeObservation withoutPod() {
    return new NodeObservation(
        node,
        false,
        reachable,
        role,
        fenced,
        epoch,
        masterAddress,
        link,
        linkDownMillis,
        offset,
        replid,
        connectedReplicas,
        masterSilentMillis,
        runId);
  }

  /** A node that did not answer (or has no pod). */
  public static NodeObservation unreachable(String node, boolean podExists) {
    return new NodeObservation(
        node, podExists, false, Role.UNKNOWN, false, 0, null, Link.NONE, 0, -1, null, 0);
  }
}
