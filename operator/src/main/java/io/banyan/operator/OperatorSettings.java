package io.banyan.operator;

import java.time.Duration;

/**
 * The operator's tunables, the same whether it runs under Quarkus (read from configuration, see
 * application.properties) or embedded (local mode, tests).
 *
 * @param serverSideApply write owned objects with server-side apply (production default); off
 *     writes them with create and merge patch
 * @param probeTimeout how long a node may take to answer one RESP command
 * @param probeInterval how often every node is probed (the reconcile period)
 */
public record OperatorSettings(
    boolean serverSideApply, Duration probeTimeout, Duration probeInterval) {
  public static OperatorSettings defaults() {
    return new OperatorSettings(true, Duration.ofMillis(800), Duration.ofSeconds(1));
  }
}
