package io.banyan.operator;

import io.banyan.operator.reconcile.StoreClusterReconciler;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;

/**
 * Starts the operator's controllers on a given Kubernetes client without Quarkus: local mode and
 * the tests run the same reconciler this way, against fabric8's mock API server. In a cluster,
 * quarkus-operator-sdk discovers and starts it instead (see {@code OperatorBeans}).
 */
public final class OperatorBootstrap {
  /**
   * The {@code User-Agent} of the operator's requests, so an API server's request or audit log
   * tells them from those of other clients of the same server (local mode's kubelet shares it).
   */
  public static final String USER_AGENT = "banyan-operator";

  private OperatorBootstrap() {}

  /** As {@link #start(KubernetesClient, OperatorSettings)} with the default settings. */
  public static AutoCloseable start(KubernetesClient client) {
    return start(client, OperatorSettings.defaults());
  }

  /**
   * Registers and starts the StoreCluster controller against the API server of {@code client},
   * watching all namespaces. The operator talks through a client of its own (same configuration,
   * user agent {@value #USER_AGENT}), closed with it. Closing the result stops it, as if the
   * operator process had exited: whatever it was doing is left where it was, for the next start to
   * finish (I5).
   */
  public static AutoCloseable start(KubernetesClient client, OperatorSettings settings) {
    KubernetesClient own =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withUserAgent(USER_AGENT).build())
            .build();
    try {
      Operator operator =
          new Operator(
              o ->
                  o.withKubernetesClient(own)
                      .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                      .withCloseClientOnStop(true));
      operator.register(new StoreClusterReconciler(own, settings));
      operator.start();
      return operator::stop;
    } catch (RuntimeException e) {
      own.close();
      throw e;
    }
  }
}
