package io.banyan.operator;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Starts the operator's controllers on a given Kubernetes client without Quarkus: local mode and
 * the tests run the same reconcilers this way, against fabric8's mock API server. In a cluster,
 * quarkus-operator-sdk discovers and starts them instead.
 */
public final class OperatorBootstrap {
  private OperatorBootstrap() {}

  /**
   * Registers and starts every Banyan controller against {@code client}. Closing the result stops
   * them (as if the operator process had exited).
   */
  public static AutoCloseable start(KubernetesClient client) {
    throw new UnsupportedOperationException("not wired yet");
  }
}
