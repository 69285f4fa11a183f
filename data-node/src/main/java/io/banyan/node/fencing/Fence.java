package io.banyan.node.fencing;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.log.ServerLog;

/**
 * The operator's fence (design invariant I3, one writable master per failover epoch): while fenced,
 * the node refuses client writes and refuses to serve replicas (PSYNC, SYNC), so a master the
 * operator has not admitted for the current epoch can acknowledge nothing. The epoch is the
 * operator's failover epoch as last told to this node; an older one is refused, so a delayed
 * command of a superseded operator decision cannot undo a newer one.
 *
 * <p>The fence is held in memory only: a restarted node is fenced again by {@code
 * banyan-start-fenced yes}. The epoch is also kept in {@code <dir>/banyan-epoch} ({@link
 * EpochFile}), written before a higher epoch takes effect and loaded at start-up, so it never goes
 * backwards, even when the operator lost its status. Independent of the role: REPLICAOF neither
 * sets nor lifts the fence, and a fenced replica still applies its master's stream. Command thread
 * only.
 */
public final class Fence {
  private final ServerLog log;
  private final EpochFile file;
  private long epoch;
  private boolean fenced;

  /**
   * @param dir the node's working directory, where the epoch file is
   * @throws io.banyan.node.persistence.PersistenceException when the epoch file is unreadable
   */
  public Fence(boolean startFenced, ServerLog log, java.util.function.Supplier<String> dir) {
    this.fenced = startFenced;
    this.log = log;
    this.file = new EpochFile(dir);
    this.epoch = file.load();
    if (epoch > 0) {
      log.notice("Failover epoch " + epoch + " loaded from " + file.path());
    }
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

  /**
   * BANYAN PROMOTE's first part: checks and records the epoch (the caller then makes the node a
   * master) and lifts the fence. Returns false, changing nothing, when the node was already an
   * unfenced master at that epoch: the operator retried a promotion whose reply it did not see.
   */
  public boolean promote(long newEpoch, boolean isMaster) {
    checkNotOlder(newEpoch);
    if (newEpoch == epoch && !fenced && isMaster) {
      return false;
    }
    advanceTo(newEpoch);
    if (fenced) {
      log.notice("Promoted by the operator at epoch " + newEpoch + ": client writes accepted");
    }
    fenced = false;
    return true;
  }

  private void checkNotOlder(long newEpoch) {
    if (newEpoch < epoch) {
      throw new CommandException(
          "STALEEPOCH epoch " + newEpoch + " is older than this node's epoch " + epoch);
    }
  }

  /**
   * Equal epochs are accepted: the operator retries a command whose reply it did not see. A higher
   * one is on disk before it takes effect; when it cannot be written the command fails and the node
   * keeps its epoch (the operator retries).
   */
  private void advanceTo(long newEpoch) {
    checkNotOlder(newEpoch);
    if (newEpoch == epoch) {
      return;
    }
    try {
      file.store(newEpoch);
    } catch (java.io.IOException e) {
      log.warning("Could not write the epoch file " + file.path() + ": " + e);
      throw new CommandException(
          "ERR could not persist epoch " + newEpoch + " in " + file.path() + ": " + e.getMessage());
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
