package io.banyan.node.persistence.aof;

import io.banyan.node.engine.InfoRegistry;

/** The AOF fields of INFO persistence, with Redis 7.0's names and order. */
final class AofInfo {
  private AofInfo() {}

  static void write(
      InfoRegistry.Fields out, boolean enabled, AofRewriter rewriter, AofWriter writer) {
    out.add("aof_enabled", enabled ? 1 : 0)
        .add("aof_rewrite_in_progress", rewriter.inProgress() ? 1 : 0)
        .add("aof_rewrite_scheduled", rewriter.scheduled() ? 1 : 0)
        .add("aof_last_rewrite_time_sec", rewriter.lastRewriteSeconds())
        .add("aof_current_rewrite_time_sec", rewriter.currentRewriteSeconds())
        .add("aof_last_bgrewrite_status", rewriter.lastOk() ? "ok" : "err")
        .add("aof_rewrites", rewriter.rewrites())
        .add("aof_rewrites_consecutive_failures", rewriter.consecutiveFailures())
        .add("aof_last_write_status", writer.error() == null ? "ok" : "err")
        // Nothing is forked, so no page is copied on write.
        .add("aof_last_cow_size", 0);
  }

  /**
   * The fields present while the AOF is on: sizes of its files (all of them, and as of the last
   * rewrite or start), a scheduled rewrite, bytes not yet written, a running fsync, and fsyncs that
   * took over two seconds.
   */
  static void writeEnabled(
      InfoRegistry.Fields out,
      AofRewriter rewriter,
      AofWriter writer,
      long rewriteBaseSize,
      long appendedOffset) {
    out.add("aof_current_size", writer.size())
        .add("aof_base_size", rewriteBaseSize)
        .add("aof_pending_rewrite", rewriter.scheduled() ? 1 : 0)
        .add("aof_buffer_length", Math.max(0, appendedOffset - writer.writtenOffset()))
        .add("aof_pending_bio_fsync", writer.fsyncInProgress() ? 1 : 0)
        .add("aof_delayed_fsync", writer.delayedFsyncs());
  }
}
