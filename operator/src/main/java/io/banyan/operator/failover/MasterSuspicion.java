package io.banyan.operator.failover;

import java.time.Instant;

/**
 * Since when the master has continuously looked failed. Kept in memory by the caller (not in
 * status): after an operator restart the detection timeout simply runs again, which only delays a
 * failover and never causes a wrong one.
 *
 * @param master the master under suspicion; null when nothing is suspected
 * @param since first instant of the current uninterrupted suspicion; null when nothing is suspected
 */
public record MasterSuspicion(String master, Instant since) {
  private static final MasterSuspicion NONE = new MasterSuspicion(null, null);

  /** No suspicion. */
  public static MasterSuspicion none() {
    return NONE;
  }

  /** True when {@code master} is the node under suspicion. */
  public boolean suspects(String master) {
    return since != null && master != null && master.equals(this.master);
  }
}
