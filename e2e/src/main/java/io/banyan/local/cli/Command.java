package io.banyan.local.cli;

import java.nio.file.Path;
import java.util.Optional;

/** A parsed {@code banyan local ...} command line. */
sealed interface Command {
  /** {@code up [FILE] [--nodes NODES.yaml]}: run a StoreCluster in the foreground. */
  record Up(Optional<Path> file, Optional<Path> nodes) implements Command {}

  /** {@code nodes}: the Kubernetes Nodes. */
  record Nodes() implements Command {}

  /** {@code evict POD}: the eviction subresource, PodDisruptionBudgets applying. */
  record Evict(String pod) implements Command {}

  /** {@code drain NODE [--timeout DURATION] [--force]}. */
  record Drain(String node, java.time.Duration timeout, boolean force) implements Command {}

  /** {@code cordon NODE} / {@code uncordon NODE}. */
  record Cordon(String node, boolean cordon) implements Command {}

  /** {@code status [-o json]}. */
  record Status(boolean json) implements Command {}

  /** {@code kill|freeze|thaw NODE}. */
  record NodeFault(Fault fault, String node) implements Command {}

  /** {@code stop-zone|start-zone ZONE}. */
  record ZoneFault(boolean stop, String zone) implements Command {}

  /** {@code partition TARGET}: drop packets between TARGET's pods and everything else. */
  record Partition(String target) implements Command {}

  /** {@code heal [TARGET]}: undo one partition, or all. */
  record Heal(Optional<String> target) implements Command {}

  /** {@code apply FILE}: kubectl apply of an edited StoreCluster to the running cluster. */
  record Apply(Path file) implements Command {}

  /** {@code down}. */
  record Down() implements Command {}

  /** {@code help}, {@code -h}, {@code --help}. */
  record Help() implements Command {}

  enum Fault {
    KILL,
    FREEZE,
    THAW
  }
}
