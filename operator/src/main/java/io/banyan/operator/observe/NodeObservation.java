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

  /**
   * Starts an observation of {@code node} whose pod exists and which answered, with nothing else
   * known yet: role unknown, not fenced, epoch 0, no master or link, offset 0, no replid, no
   * replicas, master silence unknown (-1), no run id. Callers set what they saw.
   */
  public static Builder of(String node) {
    return new Builder(node);
  }

  /** A builder holding this observation's values, to derive a changed one. */
  public Builder toBuilder() {
    return new Builder(node)
        .podExists(podExists)
        .reachable(reachable)
        .role(role)
        .fenced(fenced)
        .epoch(epoch)
        .masterAddress(masterAddress)
        .link(link)
        .linkDownMillis(linkDownMillis)
        .offset(offset)
        .replid(replid)
        .connectedReplicas(connectedReplicas)
        .masterSilentMillis(masterSilentMillis)
        .runId(runId);
  }

  /** Names every field it sets, so an observation reads as what was seen. */
  public static final class Builder {
    private final String node;
    private boolean podExists = true;
    private boolean reachable = true;
    private Role role = Role.UNKNOWN;
    private boolean fenced;
    private long epoch;
    private String masterAddress;
    private Link link = Link.NONE;
    private long linkDownMillis;
    private long offset;
    private String replid;
    private int connectedReplicas;
    private long masterSilentMillis = -1;
    private String runId;

    private Builder(String node) {
      this.node = node;
    }

    public Builder podExists(boolean podExists) {
      this.podExists = podExists;
      return this;
    }

    public Builder reachable(boolean reachable) {
      this.reachable = reachable;
      return this;
    }

    public Builder role(Role role) {
      this.role = role;
      return this;
    }

    public Builder fenced(boolean fenced) {
      this.fenced = fenced;
      return this;
    }

    public Builder epoch(long epoch) {
      this.epoch = epoch;
      return this;
    }

    public Builder masterAddress(String masterAddress) {
      this.masterAddress = masterAddress;
      return this;
    }

    public Builder link(Link link) {
      this.link = link;
      return this;
    }

    public Builder linkDownMillis(long linkDownMillis) {
      this.linkDownMillis = linkDownMillis;
      return this;
    }

    public Builder offset(long offset) {
      this.offset = offset;
      return this;
    }

    public Builder replid(String replid) {
      this.replid = replid;
      return this;
    }

    public Builder connectedReplicas(int connectedReplicas) {
      this.connectedReplicas = connectedReplicas;
      return this;
    }

    public Builder masterSilentMillis(long masterSilentMillis) {
      this.masterSilentMillis = masterSilentMillis;
      return this;
    }

    public Builder runId(String runId) {
      this.runId = runId;
      return this;
    }

    public NodeObservation build() {
      return new NodeObservation(
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
          runId);
    }
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
    return toBuilder().podExists(false).build();
  }

  /** A node that did not answer (or has no pod). */
  public static NodeObservation unreachable(String node, boolean podExists) {
    return of(node).podExists(podExists).reachable(false).offset(-1).build();
  }
}
