package io.banyan.node.fencing;

import io.banyan.node.client.Client;
import io.banyan.node.command.CommandException;
import io.banyan.node.command.CommandSpec;
import io.banyan.node.log.ServerLog;

/**
 * The operator's fence (design invariant I3, one writable master per failover epoch): while fenced,
 * the node refuses client writes and refuses to serve replicas (PSYNC, SYNC), so a master the
 * operator has not admitted for the current epoch can acknowledge nothing. The epoch is the
 * operator's failover epoch as last told to this node; an older one is refused, so a delayed
 * command of a superseded operator decision cannot undo a newer one.
 *
 * <p>Held in memory only: the operator is the source of truth, and a restarted node is fenced again
 * by {@code banyan-start-fenced yes}. Independent of the role: REPLICAOF neither sets nor lifts the
 * fence, and a fenced replica still applies its master's stream. Command thread only.
 */
public final class Fence {
  private final ServerLog log;
  private long epoch;
  private boolean fenced;

  public Fence(boolean startFenced, ServerLog log) {
    this.fenced = startFenced;
    this.log = log;
  }

  public long epoch() {
    return epoch;
  }

  public boolean fenced() {
    return fenced;
  }

  /** BANYAN FENCE epoch; true when the node was not fenced before. */
  public boolean fence(long newEpoch) {
    advanceTo(newEpoch);
    boolean newly = !fenced;
    if (newly) {
      log.notice("Fenced by the operator at epoch " + newEpoch + ": client writes refused");
    }
    fenced = true;
    return newly;
  }

  /** BANYAN ADMIT epoch. */
  public void admit(long newEpoch) {
    advanceTo(newEpoch);
    if (fenced) {
      log.notice("Admitted by the operator at epoch " + newEpoch + ": client writes accepted");
    }
    fenced = false;
  }

  /** Equal epochs are accepted: the operator retries a command whose reply it did not see. */
  private void advanceTo(long newEpoch) {
    if (newEpoch < epoch) {
      throw new CommandException(
          "STALEEPOCH epoch " + newEpoch + " is older than this node's epoch " + epoch);
    }
    epoch = newEpoch;
  }

  /** The error line while fenced (without the leading '-'), or null when not fenced. */
  public String refusal() {
    if (!fenced) {
      return null;
    }
    return "FENCED this node is fenced at epoch "
        + epoch
        + ": it accepts writes only after the operator admits it";
  }

  /**
   * The write guard: refuses commands flagged write (EXEC when its transaction holds one, through
   * the dispatcher), except from this node's master, whose stream a fenced replica keeps applying.
   */
  /**
   * The answer to PSYNC/SYNC while fenced, or null. Its code is NOMASTERLINK because that is the
   * error a Redis replica reads as "try again later": any other error makes it fall back to the old
   * SYNC, and an admission landing between the two would leave it on the old protocol with offsets
   * it can never reconcile.
   */
  public String syncRefusal() {
    if (!fenced) {
      return null;
    }
    return "NOMASTERLINK this node is fenced at epoch "
        + epoch
        + ": it serves replicas only after the operator admits it";
  }

  public String refusal(Client c, CommandSpec spec) {
    if (!fenced || !spec.isWrite() || c.isMaster()) {
      return null;
    }
    return refusal();
  }
}
