package io.banyan.operator.reconcile;

import io.banyan.operator.failover.MasterSuspicion;
import java.util.Objects;

/**
 * What the operator remembers about one cluster between reconciles, in memory only: since when the
 * master has looked failed, and the last thing reported so an unchanged situation does not emit an
 * event every second. Losing it (operator restart) only delays detection by one timeout; everything
 * a failover needs to resume is in status (I5).
 */
final class ClusterMemory {
  private MasterSuspicion suspicion = MasterSuspicion.none();
  private String lastReport;

  MasterSuspicion suspicion() {
    return suspicion;
  }

  void suspicion(MasterSuspicion s) {
    suspicion = s;
  }

  /** True the first time {@code report} is seen since a different one (or none). */
  boolean firstReport(String report) {
    boolean fresh = !Objects.equals(report, lastReport);
    lastReport = report;
    return fresh;
  }
}
