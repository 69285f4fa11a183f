package io.banyan.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.LinkState;
import io.banyan.operator.api.StoreClusterStatus.NodeStatus;
import io.banyan.operator.api.StoreClusterStatus.Phase;
import io.banyan.operator.api.StoreClusterStatus.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StatusChangeTest {
  private static StoreClusterStatus status() {
    StoreClusterStatus s = new StoreClusterStatus();
    s.phase = Phase.Running;
    s.currentMaster = "a-0";
    s.epoch = 1L;
    s.readyNodes = "2/2";
    NodeStatus m = new NodeStatus();
    m.name = "a-0";
    m.role = Role.master;
    m.offset = 1000L;
    m.linkState = LinkState.none;
    m.reachable = true;
    NodeStatus r = new NodeStatus();
    r.name = "a-1";
    r.role = Role.replica;
    r.parent = "a-0";
    r.offset = 990L;
    r.lag = 10L;
    r.linkState = LinkState.up;
    r.reachable = true;
    s.nodes = List.of(m, r);
    return s;
  }

  private static StoreClusterStatus changed(Consumer<StoreClusterStatus> change) {
    StoreClusterStatus s = Serialization.clone(status());
    change.accept(s);
    return s;
  }

  private static boolean worth(StoreClusterStatus next) {
    return StatusChange.worthWriting(status(), next, Set.of(), Set.of());
  }

  @Test
  void offsetsAndLagAloneAreNotWorthAWrite() {
    assertThat(
            worth(
                changed(
                    s -> {
                      s.nodes.get(0).offset = 5000L;
                      s.nodes.get(1).offset = 4000L;
                      s.nodes.get(1).lag = 1000L;
                    })))
        .isFalse();
    assertThat(worth(status())).isFalse();
  }

  @Test
  void whatAnObserverActsOnIsWorthAWrite() {
    assertThat(worth(changed(s -> s.nodes.get(1).role = Role.master))).as("role").isTrue();
    assertThat(worth(changed(s -> s.nodes.get(1).parent = "a-2"))).as("parent").isTrue();
    assertThat(worth(changed(s -> s.nodes.get(1).linkState = LinkState.down))).as("link").isTrue();
    assertThat(worth(changed(s -> s.nodes.get(1).reachable = false))).as("reachable").isTrue();
    assertThat(worth(changed(s -> s.nodes.get(1).fenced = true))).as("fence").isTrue();
    assertThat(worth(changed(s -> s.phase = Phase.Degraded))).as("phase").isTrue();
    assertThat(worth(changed(s -> s.readyNodes = "1/2"))).as("ready count").isTrue();
    assertThat(worth(changed(s -> s.epoch = 2L))).as("epoch").isTrue();
    assertThat(worth(changed(s -> s.targetMaster = "a-1"))).as("target").isTrue();
    assertThat(worth(changed(s -> s.observedGeneration = 2L))).as("generation").isTrue();
    assertThat(worth(changed(s -> s.failover = new StoreClusterStatus.FailoverStatus())))
        .as("failover")
        .isTrue();
  }

  @Test
  void aLagCrossingTheBoundIsWorthAWriteEitherWay() {
    StoreClusterStatus next = changed(s -> s.nodes.get(1).lag = 90_000_000L);
    assertThat(StatusChange.worthWriting(status(), next, Set.of(), Set.of("a-1"))).isTrue();
    assertThat(StatusChange.worthWriting(status(), next, Set.of("a-1"), Set.of("a-1"))).isFalse();
    assertThat(StatusChange.worthWriting(status(), status(), Set.of("a-1"), Set.of())).isTrue();
  }

  @Test
  void theFirstStatusIsAlwaysWritten() {
    assertThat(StatusChange.worthWriting(null, status(), Set.of(), Set.of())).isTrue();
  }
}
