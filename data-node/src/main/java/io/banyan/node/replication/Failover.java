package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;

/**
 * FAILOVER: a coordinated switchover from this master to one of its replicas that loses no write.
 * Writes are paused (reads go on), the node waits until the target acknowledged every byte of the
 * stream, then follows the target and sends it {@code PSYNC <replid> <offset> FAILOVER}, which
 * makes the target a master continuing the same history; the pause ends when the target accepts the
 * PSYNC. As Redis 7.0, so a redis-server replica can be the target too. Command thread only.
 */
public final class Failover {
  /** The states INFO reports as master_failover_state. */
  enum State {
    NONE("no-failover"),
    WAIT_FOR_SYNC("waiting-for-sync"),
    IN_PROGRESS("failover-in-progress");

    final String infoName;

    State(String infoName) {
      this.infoName = infoName;
    }
  }

  /** Long enough to outlast any failover: the pause ends when the failover does. */
  private static final long PAUSE_MS = 365L * 24 * 3600 * 1000;

  private final Replication replication;
  private State state = State.NONE;
  private String targetHost;
  private int targetPort;
  private boolean force;
  private long endMs;
  private long switchedAtMs;

  /** The client that asked for the failover: it keeps its connection when the node is demoted. */
  private Client requester;

  Failover(Replication replication) {
    this.replication = replication;
    replication.engine().addCronTask(this::check);
  }

  State state() {
    return state;
  }

  public boolean active() {
    return state != State.NONE;
  }

  boolean inProgress() {
    return state == State.IN_PROGRESS;
  }

  /** FAILOVER ABORT: cancels the failover in progress. */
  public void abort(Client c) {
    if (state == State.NONE) {
      throw new CommandException("ERR No failover in progress.");
    }
    abort("Failover manually aborted");
    c.reply().ok();
  }

  /**
   * FAILOVER [TO host port [FORCE]] [TIMEOUT ms]: checks the request against the node's state
   * (Redis 7.0's errors, in its order), then pauses writes until a replica caught up.
   */
  public void start(Client c, FailoverRequest request) {
    if (state != State.NONE) {
      throw new CommandException("ERR FAILOVER already in progress.");
    }
    if (replication.isReplica()) {
      throw new CommandException("ERR FAILOVER is not valid when server is a replica.");
    }
    if (replication.master().replicas().isEmpty()) {
      throw new CommandException("ERR FAILOVER requires connected replicas.");
    }
    if (request.force() && (request.timeoutMs() == 0 || request.host() == null)) {
      throw new CommandException(
          "ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
    }
    if (request.host() != null) {
      ReplicaLink target = find(request.host(), request.port());
      if (target == null) {
        throw new CommandException("ERR FAILOVER target HOST and PORT is not a replica.");
      }
      if (target.state != ReplicaLink.State.ONLINE) {
        throw new CommandException("ERR FAILOVER target replica is not online.");
      }
      log("FAILOVER requested to " + request.host() + ":" + request.port() + ".");
    } else {
      log("FAILOVER requested to any replica.");
    }
    requester = c;
    targetHost = request.host();
    targetPort = request.port();
    force = request.force();
    endMs = request.timeoutMs() > 0 ? replication.engine().nowMs() + request.timeoutMs() : 0;
    state = State.WAIT_FOR_SYNC;
    replication.engine().pause().pause(PAUSE_MS, true);
    c.reply().ok();
  }

  private ReplicaLink find(String host, long port) {
    for (ReplicaLink l : replication.master().replicas()) {
      if (l.ip().equalsIgnoreCase(host) && l.listeningPort == port) {
        return l;
      }
    }
    return null;
  }

  /** Moves a waiting failover on: on every cron tick and every acknowledgement. */
  void check() {
    if (state == State.IN_PROGRESS && replication.replica().link() == null) {
      // The connection to the target failed before it accepted the PSYNC.
      abort("Failover target could not be reached");
      return;
    }
    if (state == State.IN_PROGRESS
        && replication.engine().nowMs() - switchedAtMs
            > replication.engine().config().replTimeoutSeconds * 1000L) {
      // The target never answered the PSYNC: rather a master again than writes paused forever.
      abort("Failover target did not answer in time");
      return;
    }
    if (state != State.WAIT_FOR_SYNC) {
      return;
    }
    if (endMs > 0 && endMs <= replication.engine().nowMs()) {
      if (force) {
        log("FAILOVER to " + targetHost + ":" + targetPort + " time out exceeded, failing over.");
        switchToTarget();
      } else {
        abort("Replica never caught up before timeout");
      }
      return;
    }
    long offset = replication.master().offset();
    ReplicaLink caughtUp = null;
    if (targetHost != null) {
      ReplicaLink l = find(targetHost, targetPort);
      if (l != null && l.state == ReplicaLink.State.ONLINE && l.ackOffset == offset) {
        caughtUp = l;
      }
    } else {
      for (ReplicaLink l : replication.master().replicas()) {
        if (l.state == ReplicaLink.State.ONLINE && l.ackOffset == offset) {
          caughtUp = l;
          targetHost = l.ip();
          targetPort = l.listeningPort;
          break;
        }
      }
    }
    if (caughtUp != null) {
      log("Failover target " + targetHost + ":" + targetPort + " is synced, failing over.");
      switchToTarget();
    }
  }

  /** Follows the target; its link sends PSYNC ... FAILOVER while the state is IN_PROGRESS. */
  private void switchToTarget() {
    state = State.IN_PROGRESS;
    switchedAtMs = replication.engine().nowMs();
    replication.replicaOf(targetHost, targetPort, requester);
  }

  /** The target answered the PSYNC FAILOVER with +CONTINUE or +FULLRESYNC: done. */
  void psyncAccepted() {
    if (state == State.IN_PROGRESS) {
      log("FAILOVER to " + targetHost + ":" + targetPort + " completed.");
      clear();
    }
  }

  /** The target refused the PSYNC FAILOVER, or the link to it failed before it answered. */
  void psyncFailed() {
    if (state == State.IN_PROGRESS) {
      abort("Failover target rejected psync request");
    }
  }

  /** Cancels: a node that already followed the target becomes a master again. */
  void abort(String why) {
    if (state == State.NONE) {
      return;
    }
    String to = targetHost == null ? "any replica" : targetHost + ":" + targetPort;
    replication.engine().log().warning("FAILOVER to " + to + " aborted: " + why);
    if (state == State.IN_PROGRESS) {
      state = State.NONE; // promote() must not see a failover in progress
      replication.promote();
    }
    clear();
  }

  private void clear() {
    state = State.NONE;
    targetHost = null;
    targetPort = 0;
    force = false;
    endMs = 0;
    replication.engine().pause().unpause();
  }

  private void log(String message) {
    replication.engine().log().notice(message);
  }
}
