package io.banyan.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.failover.SimulatedCluster.SimNode;
import io.banyan.operator.model.DesiredTree.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Model test of the failover decisions (issue 11 item 8): seeded random sequences of faults — kill
 * -9 with a restart that keeps or loses the data, SIGSTOP/SIGCONT, pod deletion — hit a {@link
 * SimulatedCluster} at random rounds, including in the middle of failovers. After every round:
 * never two unfenced masters at one epoch, nor two at or above the status epoch ({@link
 * SimulatedCluster#checkSafety}). Once the faults stop and every node that will return has
 * returned: if a node that may become master holds every acknowledged write, the cluster ends with
 * one writable master of the status epoch that holds them too.
 */
class FailoverModelTest {
  static final long SEED = 20261207L;
  static final int RUNS = 400;
  static final int FAULT_ROUNDS = 25;
  static final int QUIET_ROUNDS = 60;

  /** A fault's end, due at a round. */
  record Pending(int round, String node, boolean empty, boolean thaw) {}

  @Test
  void randomFaultSequencesKeepOneMasterAndAlwaysEndWithAWritableOne() {
    Random rnd = new Random(SEED);
    int live = 0;
    int failovers = 0;
    int abandoned = 0;
    for (int run = 0; run < RUNS; run++) {
      SimulatedCluster c = SimulatedCluster.threeDc();
      List<String> names = c.tree.stream().map(Node::name).toList();
      List<Pending> pending = new ArrayList<>();
      String context = "run " + run + " (seed " + SEED + ")";
      int round = 0;
      try {
        for (; round < FAULT_ROUNDS; round++) {
          settle(c, pending, round);
          if (rnd.nextInt(4) == 0) {
            // The master (or the failover's target) is hit more often than the others.
            String node =
                rnd.nextBoolean()
                    ? (c.failover != null ? c.failover.target() : c.currentMaster)
                    : names.get(rnd.nextInt(names.size()));
            SimNode n = c.node(node);
            if (n.alive) {
              int back = round + 1 + rnd.nextInt(6);
              switch (rnd.nextInt(4)) {
                case 0 -> {
                  c.kill(node);
                  pending.add(new Pending(back, node, false, false));
                }
                case 1 -> {
                  c.kill(node);
                  pending.add(new Pending(back, node, true, false));
                }
                case 2 -> {
                  c.freeze(node);
                  pending.add(new Pending(back, node, false, true));
                }
                default -> {
                  c.deletePod(node);
                  pending.add(new Pending(back, node, false, false));
                }
              }
            }
          }
          c.round();
        }
        // Faults stop; the ones in flight end (restart, thaw) within a few rounds.
        for (int quiet = 0; quiet < QUIET_ROUNDS; quiet++, round++) {
          settle(c, pending, round);
          c.round();
        }
      } catch (AssertionError e) {
        throw new AssertionError(context + " round " + round + ": " + e.getMessage(), e);
      }
      failovers += (int) c.log.stream().filter(l -> l.contains(" start epoch")).count();
      abandoned += (int) c.log.stream().filter(l -> l.contains(" abandon:")).count();
      if (c.safeCandidateExists()) {
        live++;
        SimNode m = c.writableMaster();
        assertThat(m).as(context + ": a writable master\n" + c).isNotNull();
        assertThat(c.writable(m)).as(context + ": reaches its quorum\n" + c).isTrue();
        assertThat(m.offset)
            .as(context + ": every acknowledged write\n" + c)
            .isGreaterThanOrEqualTo(c.acked);
      }
    }
    // The generator must exercise failovers, interrupted ones, and the liveness property.
    assertThat(live).isGreaterThan(RUNS / 2);
    assertThat(failovers).isGreaterThan(RUNS);
    assertThat(abandoned).isGreaterThan(RUNS / 20);
  }

  private static void settle(SimulatedCluster c, List<Pending> pending, int round) {
    for (Pending p : List.copyOf(pending)) {
      if (p.round() <= round) {
        pending.remove(p);
        if (p.thaw()) {
          c.thaw(p.node());
        } else {
          c.restart(p.node(), p.empty());
        }
      }
    }
  }
}
