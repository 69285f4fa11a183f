package io.banyan.node.engine;

/**
 * Receives every write in execution order (invariant I1): the append-only file and the replication
 * stream are built from this one sequence. Called on the command-execution thread.
 */
public interface Propagator {
  /**
   * @param db the database the command ran against
   * @param argv the command as it must be replayed (relative expiries already made absolute)
   */
  void propagate(int db, byte[][] argv);

  Propagator NONE = (db, argv) -> {};
}
