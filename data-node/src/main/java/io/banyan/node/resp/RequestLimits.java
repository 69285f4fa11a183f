package io.banyan.node.resp;

/** Limits the decoder enforces on requests; read live so CONFIG SET takes effect at once. */
public interface RequestLimits {
  /** proto-max-bulk-len: the largest bulk string accepted. */
  long maxBulkLength();

  /** client-query-buffer-limit: the most a client may have buffered before it is disconnected. */
  long maxQueryBuffer();

  /** Whether the connection has authenticated; unauthenticated clients get tighter limits. */
  boolean authenticated();

  RequestLimits DEFAULTS =
      new RequestLimits() {
        @Override
        public long maxBulkLength() {
          return 512L * 1024 * 1024;
        }

        @Override
        public long maxQueryBuffer() {
          return 1024L * 1024 * 1024;
        }

        @Override
        public boolean authenticated() {
          return true;
        }
      };
}
