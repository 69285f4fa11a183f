package io.banyan.operator.failover;

import static io.banyan.operator.failover.Cluster.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.ZoneSpec;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.model.DesiredTree.Node;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random clusters and observations: whatever the selector picks obeys the rules, checked
 * against a straightforward restatement of them.
 */
class CandidatePropertyTest {
  static final long SEED = 20261121L;
  static final int RUNS = 2000;

  @Test
  void chosenCandidateAlwaysObeysTheRules() {
    Random rnd = new Random(SEED);
    int found = 0;
    int catchUps = 0;
    for (int run = 0; run < RUNS; run++) {
      StoreClusterSpec spec = randomSpec(rnd);
      List<Node> tree = DesiredTree.of(spec);
      String master = tree.get(0).name();
      Instant now = T0.plusMillis(20000);
      MasterSuspicion suspicion = new MasterSuspicion(master, T0.plusMillis(rnd.nextInt(15001)));
      Map<String, NodeObservation> obs = randomObservations(rnd, tree, master);
      ClusterView view = new ClusterView(spec, tree, obs);
      Selection s = CandidateSelector.forFailover(view, master, suspicion, now);
      String context = "run " + run + " (seed " + SEED + "): " + obs.values();
      long strict = 20000 - suspicion.since().toEpochMilli() + T0.toEpochMilli() + 5000;
      // Lag disqualifies only while some node qualifies without it (liveness: a lagging node
      // caught up from the most advanced reachable one beats staying masterless).
      boolean anyStrict =
          tree.stream().anyMatch(n -> qualifies(view, n, master, s.history(), strict));
      long allowed = anyStrict ? strict : Long.MAX_VALUE;
      List<String> order = view.zoneOrder(tree.get(0).zone());

      if (!s.found()) {
        for (Node n : tree) {
          assertThat(qualifies(view, n, master, s.history(), allowed)).as(context).isFalse();
        }
        continue;
      }
      found++;
      Node chosen = view.node(s.target());
      NodeObservation c = obs.get(s.target());
      assertThat(ClusterView.eligible(chosen)).as(context).isTrue();
      assertThat(chosen.name()).as(context).isNotEqualTo(master);
      assertThat(c.reachable() && c.podExists()).as(context).isTrue();
      assertThat(qualifies(view, chosen, master, s.history(), allowed)).as(context).isTrue();
      for (Node n : tree) {
        if (!qualifies(view, n, master, s.history(), allowed)) {
          continue;
        }
        int zoneRank = order.indexOf(n.zone());
        assertThat(zoneRank).as(context).isGreaterThanOrEqualTo(order.indexOf(chosen.zone()));
        if (n.zone().equals(chosen.zone())) {
          assertThat(obs.get(n.name()).offset()).as(context).isLessThanOrEqualTo(c.offset());
        }
      }
      // Catch-up: the furthest reachable node of the history, and only when it is ahead.
      long furthest =
          tree.stream()
              .filter(n -> !n.name().equals(master) && view.reachable(n.name()))
              .map(n -> obs.get(n.name()))
              .filter(o -> s.history().equals(o.replid()))
              .mapToLong(NodeObservation::offset)
              .max()
              .orElseThrow();
      assertThat(s.catchUpOffset()).as(context).isEqualTo(Math.max(furthest, c.offset()));
      if (s.catchUpFrom() != null) {
        catchUps++;
        NodeObservation src = obs.get(s.catchUpFrom());
        assertThat(view.reachable(src.node())).as(context).isTrue();
        assertThat(src.replid()).as(context).isEqualTo(s.history());
        assertThat(src.offset()).as(context).isGreaterThan(c.offset()).isEqualTo(furthest);
      }
    }
    // The generator must exercise both outcomes and catch-ups, or the property says little.
    assertThat(found).isBetween(RUNS / 10, RUNS - RUNS / 10);
    assertThat(catchUps).isGreaterThan(RUNS / 20);
  }

  /** The qualification rules restated independently of the selector. */
  static boolean qualifies(ClusterView v, Node n, String master, String history, long allowed) {
    NodeObservation o = v.observed(n.name());
    return ClusterView.eligible(n)
        && !n.name().equals(master)
        && o.podExists()
        && o.reachable()
        && o.role() == Role.REPLICA
        && o.link() != Link.NONE
        && (o.link() == Link.UP || o.linkDownMillis() <= allowed)
        && history.equals(o.replid());
  }

  static StoreClusterSpec randomSpec(Random rnd) {
    StoreClusterSpec spec = new StoreClusterSpec();
    int zones = 1 + rnd.nextInt(4);
    List<String> names = new ArrayList<>();
    for (int z = 0; z < zones; z++) {
      ZoneSpec zone = new ZoneSpec();
      zone.name = "z" + z;
      zone.initialMaster = z == 0;
      zone.masterBackups = rnd.nextInt(4);
      zone.replicas = new ArrayList<>();
      for (int r = 0; r < rnd.nextInt(3); r++) {
        zone.replicas.add(
            new io.banyan.operator.api.ReplicaSpec(
                "s" + r,
                List.of(new io.banyan.operator.api.ChainReplicaSpec("s" + r + "c", List.of()))));
      }
      spec.zones.add(zone);
      names.add(zone.name);
    }
    spec.failover = new FailoverSpec();
    Collections.shuffle(names, rnd);
    spec.failover.promotionOrder = names.subList(0, rnd.nextInt(names.size() + 1));
    return spec;
  }

  static Map<String, NodeObservation> randomObservations(
      Random rnd, List<Node> tree, String master) {
    Map<String, NodeObservation> obs = new HashMap<>();
    for (Node n : tree) {
      if (n.name().equals(master) || rnd.nextInt(10) < 2) {
        obs.put(n.name(), NodeObservation.unreachable(n.name(), rnd.nextBoolean()));
        continue;
      }
      Role role = rnd.nextInt(10) == 0 ? Role.MASTER : Role.REPLICA;
      Link link =
          role == Role.MASTER ? Link.NONE : Link.values()[rnd.nextInt(Link.values().length)];
      long down = link == Link.UP ? 0 : rnd.nextInt(40000);
      String replid = rnd.nextInt(8) == 0 ? "bbbb" : Cluster.HISTORY;
      long offset = rnd.nextInt(5) == 0 ? 1000 : rnd.nextInt(2000); // ties happen
      obs.put(
          n.name(),
          NodeObservation.of(n.name())
              .role(role)
              .epoch(1)
              .masterAddress("x:6379")
              .link(link)
              .linkDownMillis(down)
              .offset(offset)
              .replid(replid)
              .build());
    }
    return obs;
  }
}
