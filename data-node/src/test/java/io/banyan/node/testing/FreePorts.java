package io.banyan.node.testing;

/**
 * Starts something on a port the test picks, for the ports a node cannot choose itself (its {@code
 * banyan-http-port}: 0 there means "no HTTP listener"). A port found free is only free at that
 * moment: a parallel test binding an ephemeral port may take it before the node binds it. Such a
 * start fails with "Address already in use", which is not this test's failure, so it starts again
 * on another free port (three attempts at most); any other failure is the test's own.
 */
public final class FreePorts {
  private FreePorts() {}

  /** What to start on the given port. */
  @FunctionalInterface
  public interface OnPort<T> {
    T start(int port) throws Exception;
  }

  public static <T> T startOnFreePort(OnPort<T> what) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return what.start(NodeProcess.freePort());
      } catch (Exception e) {
        if (attempt == 3 || !portTaken(e)) {
          throw e;
        }
      }
    }
  }

  private static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
