package io.banyan.node.tls;

import io.banyan.node.config.TlsConfig;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reloads the TLS contexts when the certificate, key or CA files change on disk (cert-manager
 * renewing a certificate; kubelet swapping a Secret volume's {@code ..data} link). Redis needs a
 * CONFIG SET for that; here a rotation needs nothing, and established connections are untouched.
 *
 * <p>It polls the files' contents every {@code banyan-tls-reload-check-ms} rather than using a
 * {@code WatchService}: inotify watches a directory, not the target of a symlink chain, so the
 * directories to watch depend on how the files are mounted, and some filesystems (network, FUSE)
 * send no events at all. Reading a few kilobytes a second is cheap and works everywhere.
 *
 * <p>A change is built once the files have held still for one check, so a certificate and key
 * copied one after the other are not taken half-way. A set of files that fails to build is logged
 * once and retried only when the files change again. Runs on its own thread, never the event loop.
 */
final class CertificateWatcher implements AutoCloseable {
  private static final long IDLE_RECHECK_MS = 1000;

  private final TlsContexts contexts;
  private final TlsConfig config;
  private final ScheduledExecutorService timer;
  private String lastSeen;
  private String lastFailed;

  CertificateWatcher(TlsContexts contexts, TlsConfig config) {
    this.contexts = contexts;
    this.config = config;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tls-reload");
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    schedule();
  }

  private void schedule() {
    int period = config.reloadCheckMs;
    timer.schedule(
        () -> {
          try {
            if (config.reloadCheckMs > 0) {
              check();
            }
          } finally {
            if (!timer.isShutdown()) {
              schedule();
            }
          }
        },
        period > 0 ? period : IDLE_RECHECK_MS,
        TimeUnit.MILLISECONDS);
  }

  private void check() {
    TlsContexts.Built built = contexts.current();
    if (built == null) {
      return;
    }
    String now = Fingerprint.of(built.settings().sources());
    boolean settled = now.equals(lastSeen);
    lastSeen = now;
    if (now.equals(built.fingerprint()) || !settled || now.equals(lastFailed)) {
      return;
    }
    lastFailed = contexts.reloadFiles(built) ? null : now;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
