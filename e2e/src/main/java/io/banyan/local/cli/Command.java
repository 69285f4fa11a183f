package io.banyan.local.cli;

import java.nio.file.Path;
import java.util.Optional;

/** A parsed {@code banyan local ...} command line. */
sealed interface Command {
  /** {@code up [FILE]}: run a StoreCluster in the foreground. */
  record Up(Optional<Path> file) implements Command {}

  /** {@code status [-o json]}. */
  record Status(boolean json) implements Command {}

  /** {@code kill|freeze|thaw NODE}. */
  record NodeFault(Fault fault, String node) implements Command {}

  /** {@code stop-zone|start-zone ZONE}. */
  record ZoneFault(boolean stop, String zone) implements Command {}

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
