package io.banyan.node.testing;

import io.banyan.node.command.model.CommandTable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A test-only command, {@code TEST-WEDGE}, that holds the command thread until the test lets go (30
 * s at most): a wedged node, as a stuck command or a long GC would leave it. Add it with {@link
 * #define} as a server's extra commands.
 */
public final class WedgeCommand implements Consumer<CommandTable> {
  private final CountDownLatch wedged = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  @Override
  public void accept(CommandTable table) {
    table
        .define("test-wedge", 1, "admin", 0, 0, 0, "@admin")
        .handler(
            (c, argv) -> {
              wedged.countDown();
              try {
                released.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              c.reply().ok();
            });
  }

  /** Waits until a client's TEST-WEDGE holds the command thread; false after the timeout. */
  public boolean awaitWedged(long seconds) throws InterruptedException {
    return wedged.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets the command thread go on (also safe when nothing was wedged). */
  public void release() {
    released.countDown();
  }
}
