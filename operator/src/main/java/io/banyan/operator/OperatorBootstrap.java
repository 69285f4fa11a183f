package io.banyan.operator;

import io.banyan.operator.reconcile.StoreClusterReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;

/**
 * Starts the operator's controllers on a given Kubernetes client without Quarkus: local mode and
 * the tests run the same reconciler this way, against fabric8's mock API server. In a cluster,
 * quarkus-operator-sdk discovers and starts it instead (see {@code OperatorBeans}).
 */
public final class OperatorBootstrap {
  private OperatorBootstrap() {}

  /** As {@link #start(KubernetesClient, OperatorSettings)} with the default settings. */
  public static AutoCloseable start(KubernetesClient client) {
    return start(client, OperatorSettings.defaults());
  }

  /**
   * Registers and starts the StoreCluster controller against {@code client}, watching all
   * namespaces. Closing the result stops it, as if the operator process had exited: whatever it was
   * doing is left where it was, for the next start to finish (I5).
   */
  public static AutoCloseable start(KubernetesClient client, OperatorSettings settings) {
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                    .withCloseClientOnStop(false));
    operator.register(new StoreClusterReconciler(client, settings));
    operator.start();
    return operator::stop;
  }
}
