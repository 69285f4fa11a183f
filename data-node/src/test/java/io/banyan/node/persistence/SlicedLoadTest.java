package io.banyan.node.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A load applied in slices on a real Netty event loop leaves room for other work between them. */
class SlicedLoadTest {
  private static final int EVENTS = 100_000;

  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoop loop = group.next();

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void appliesEveryEventInOrderAndRunsOtherTasksBeforeTheEnd() throws Exception {
    AtomicLong applied = new AtomicLong();
    CompletableFuture<Long> otherTaskSaw = new CompletableFuture<>();
    LoadPipe pipe = numbers(EVENTS);
    // A zero budget: each slice applies 64 events, then yields.
    SlicedLoad load = new SlicedLoad(loop, 0);
    CompletableFuture<Object> done =
        onLoop(
            () ->
                load.start(
                    pipe,
                    event -> {
                      assertThat(event).isEqualTo(applied.get());
                      if (applied.incrementAndGet() == 1) {
                        // Work that arrives while loading (a client's request) must not wait for
                        // the end of the load.
                        loop.execute(() -> otherTaskSaw.complete(applied.get()));
                      }
                    }));
    assertThat(done.get(60, TimeUnit.SECONDS)).isEqualTo("end");
    assertThat(applied.get()).isEqualTo(EVENTS);
    assertThat(otherTaskSaw.get(10, TimeUnit.SECONDS)).isLessThan((long) EVENTS);
  }

  @Test
  void aReaderFailureFailsTheLoad() throws Exception {
    LoadPipe pipe =
        LoadPipe.start(
            "failing",
            p -> {
              p.emit(0L);
              throw new IOException("disk on fire");
            });
    SlicedLoad load = new SlicedLoad(loop, SlicedLoad.DEFAULT_SLICE_NANOS);
    CompletableFuture<Object> done = onLoop(() -> load.start(pipe, event -> {}));
    assertThatThrownBy(() -> done.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("disk on fire");
  }

  @Test
  void anApplierFailureStopsTheReader() throws Exception {
    CompletableFuture<Throwable> readerEnd = new CompletableFuture<>();
    LoadPipe pipe =
        LoadPipe.start(
            "endless",
            p -> {
              try {
                for (long i = 0; ; i++) {
                  p.emit(i);
                }
              } catch (RuntimeException e) {
                readerEnd.complete(e);
                throw e;
              }
            });
    SlicedLoad load = new SlicedLoad(loop, SlicedLoad.DEFAULT_SLICE_NANOS);
    CompletableFuture<Object> done =
        onLoop(
            () ->
                load.start(
                    pipe,
                    event -> {
                      if ((long) event == 5000) {
                        throw new PersistenceException("bad key");
                      }
                    }));
    assertThatThrownBy(() -> done.get(60, TimeUnit.SECONDS)).hasRootCauseMessage("bad key");
    assertThat(readerEnd.get(60, TimeUnit.SECONDS))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
  }

  private static LoadPipe numbers(int count) {
    return LoadPipe.start(
        "numbers",
        p -> {
          for (long i = 0; i < count; i++) {
            p.emit(i);
          }
          return "end";
        });
  }

  private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
    return loop.submit(task).get(10, TimeUnit.SECONDS);
  }
}
