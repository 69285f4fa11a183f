package io.banyan.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.store.Bytes;
import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's receivers of the write stream (the AOF, then replication, as the node's assembly
 * adds them): every write reaches each of them, in the order they were added, with transactions
 * wrapped the same way for all.
 */
class PropagatorListTest {
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final Engine engine = new Engine(new ServerConfig(), new ServerLog(), loop);
  private final List<String> calls = new ArrayList<>();

  @AfterEach
  void stopLoop() {
    loop.shutdownGracefully();
  }

  private Propagator recorder(String name) {
    return (db, argv) -> calls.add(name + ":" + db + ":" + Bytes.str(argv[0]));
  }

  private static byte[][] command(String name) {
    return new byte[][] {Bytes.utf8(name), Bytes.utf8("k")};
  }

  @Test
  void eachWriteReachesEveryReceiverInTheOrderAdded() {
    engine.addPropagator(recorder("aof"));
    engine.addPropagator(recorder("replication"));

    engine.propagate(0, command("SET"));
    engine.propagate(3, command("DEL"));

    assertThat(calls)
        .containsExactly("aof:0:SET", "replication:0:SET", "aof:3:DEL", "replication:3:DEL");
  }

  @Test
  void anAtomicUnitReachesEveryReceiverWrappedOnlyWhenItHoldsSeveralWrites() {
    engine.addPropagator(recorder("aof"));
    engine.addPropagator(recorder("replication"));

    engine.beginAtomicPropagation();
    engine.propagate(1, command("SET"));
    engine.propagate(1, command("INCR"));
    assertThat(calls).as("held back until the unit closes").isEmpty();
    engine.endAtomicPropagation();

    engine.beginAtomicPropagation();
    engine.propagate(2, command("DEL"));
    engine.endAtomicPropagation();

    assertThat(calls)
        .containsExactly(
            "aof:1:MULTI",
            "replication:1:MULTI",
            "aof:1:SET",
            "replication:1:SET",
            "aof:1:INCR",
            "replication:1:INCR",
            "aof:1:EXEC",
            "replication:1:EXEC",
            "aof:2:DEL",
            "replication:2:DEL");
  }

  @Test
  void setPropagatorReplacesEveryReceiverAndNoneLeavesNoReceiver() {
    engine.addPropagator(recorder("aof"));
    engine.addPropagator(recorder("replication"));

    engine.setPropagator(recorder("capture"));
    engine.propagate(0, command("SET"));
    engine.setPropagator(Propagator.NONE);
    engine.propagate(0, command("DEL"));

    assertThat(calls).containsExactly("capture:0:SET");
  }
}
