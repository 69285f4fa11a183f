package io.banyan.node.http;

import io.banyan.node.engine.Engine;
import io.banyan.node.replication.Replication;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /prestop?wait=S}: the pod's preStop hook. The kubelet calls it when the pod is deleted
 * (or drained, evicted, or its container is to be restarted) and sends SIGTERM only once it
 * returns. A writable master holds the answer until it is no longer one and no FAILOVER is under
 * way — the operator, which sees the pod Terminating, hands the master role over by a planned
 * FAILOVER meanwhile — or until {@code wait} seconds have passed, so the process is still serving
 * (and able to hand over its last writes) when the switchover runs, rather than stopping first and
 * forcing a failover.
 *
 * <p>Answers at once (always 200: the kubelet only logs a failed hook, and stops the container
 * anyway) when the node is a replica, fenced, or a master without any attached replica (nobody
 * could take over), or when the command thread has not answered {@value #UNRESPONSIVE_CHECKS}
 * checks in a row, each within {@link Liveness#BOUND_NANOS} (a wedged node cannot hand over;
 * holding its restart back would only prolong the outage — but one slow answer is a busy node, as
 * under load, and giving up on it would turn every drain on a busy machine into an unplanned
 * failover). A client that hangs up ends the wait.
 */
final class PreStop {
  /** How often the node's role is looked at while waiting. */
  static final long POLL_MILLIS = 100;

  /** Consecutive unanswered checks after which the node counts as wedged. */
  static final int UNRESPONSIVE_CHECKS = 3;

  /** The longest {@code wait} accepted: above any sensible terminationGracePeriodSeconds. */
  static final long MAX_WAIT_SECONDS = 3600;

  private final Engine engine;
  private final Replication replication;

  PreStop(Engine engine, Replication replication) {
    this.engine = engine;
    this.replication = replication;
  }

  /** What the node is now, for the hook. */
  private enum State {
    WRITABLE_MASTER,
    NOT_A_WRITABLE_MASTER,
    NO_REPLICA,
    UNRESPONSIVE
  }

  /**
   * The {@code wait} parameter in seconds.
   *
   * @throws IllegalArgumentException naming the parameter when it is missing or out of range
   */
  static long waitSeconds(QueryStringDecoder query) {
    List<String> values = query.parameters().get("wait");
    if (values == null || values.size() != 1) {
      throw new IllegalArgumentException(
          "parameter wait (seconds, 0.." + MAX_WAIT_SECONDS + ")" + " must be given once");
    }
    try {
      long seconds = Long.parseLong(values.get(0));
      if (seconds >= 0 && seconds <= MAX_WAIT_SECONDS) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "parameter wait must be whole seconds in 0.." + MAX_WAIT_SECONDS);
  }

  /** Waits as the class doc says, then calls {@code answer} with a sentence on the HTTP loop. */
  void await(ChannelHandlerContext ctx, long waitSeconds, Consumer<String> answer) {
    long started = System.nanoTime();
    poll(ctx, started, started + TimeUnit.SECONDS.toNanos(waitSeconds), 0, answer);
  }

  private void poll(
      ChannelHandlerContext ctx,
      long started,
      long deadline,
      int unanswered,
      Consumer<String> answer) {
    state()
        .thenAccept(
            state ->
                ctx.executor()
                    .execute(
                        () -> {
                          long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                          String done =
                              switch (state) {
                                case NOT_A_WRITABLE_MASTER ->
                                    "not a writable master (after " + waited + " ms)";
                                case NO_REPLICA ->
                                    "master without replicas: nobody to hand over to";
                                case UNRESPONSIVE ->
                                    unanswered + 1 >= UNRESPONSIVE_CHECKS
                                        ? "command thread did not answer: not waiting for a"
                                            + " hand-over"
                                        : pastDeadline(deadline, waited);
                                case WRITABLE_MASTER -> pastDeadline(deadline, waited);
                              };
                          int nextUnanswered = state == State.UNRESPONSIVE ? unanswered + 1 : 0;
                          if (done != null) {
                            answer.accept(done);
                          } else if (ctx.channel().isActive()) {
                            ctx.executor()
                                .schedule(
                                    () -> poll(ctx, started, deadline, nextUnanswered, answer),
                                    POLL_MILLIS,
                                    TimeUnit.MILLISECONDS);
                          }
                        }));
  }

  /** The answer once the wait is over; null while it is not. */
  private static String pastDeadline(long deadline, long waitedMillis) {
    return System.nanoTime() - deadline >= 0
        ? "still the master after " + waitedMillis + " ms: stopping anyway"
        : null;
  }

  /** The node's state, read on the command thread; UNRESPONSIVE when it does not answer. */
  private CompletableFuture<State> state() {
    CompletableFuture<State> result = new CompletableFuture<>();
    try {
      engine
          .eventLoop()
          .execute(
              () -> {
                var r = replication;
                if (r.failover().active()) {
                  // FAILOVER follows the target first and hands over with the next PSYNC: a node
                  // stopped in between would leave the target a replica, and no master at all.
                  result.complete(State.WRITABLE_MASTER);
                } else if (r.isReplica() || r.fence().fenced()) {
                  result.complete(State.NOT_A_WRITABLE_MASTER);
                } else {
                  result.complete(
                      r.connectedReplicas() == 0 ? State.NO_REPLICA : State.WRITABLE_MASTER);
                }
              });
    } catch (RuntimeException e) {
      result.complete(State.UNRESPONSIVE); // the loop is shutting down
    }
    return result.completeOnTimeout(State.UNRESPONSIVE, Liveness.BOUND_NANOS, TimeUnit.NANOSECONDS);
  }
}
