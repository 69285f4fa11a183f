package io.banyan.local.disruption;

import io.banyan.local.control.SyncLoop;
import io.banyan.local.events.EventRecorder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stand-in for the disruption controller of kube-controller-manager: keeps every
 * PodDisruptionBudget's status ({@code expectedPods}, {@code currentHealthy}, {@code
 * desiredHealthy}, {@code disruptionsAllowed}, {@code disruptedPods}, the {@code DisruptionAllowed}
 * condition, {@code observedGeneration}) by {@link BudgetStatus}'s rule, which the API server's
 * eviction subresource then enforces. Recomputed whenever a budget or a pod changes, and every few
 * seconds so entries of {@code disruptedPods} lapse; status writes carry the resourceVersion the
 * computation read, so one that raced with an eviction conflicts (409) and is redone.
 *
 * <p>Threading: informer callbacks only request a sync ({@link SyncLoop}); syncs run one at a time.
 */
public final class DisruptionController implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DisruptionController.class.getName());

  private final KubernetesClient client;
  private final ExpectedScale scale;
  private final EventRecorder events;
  private final SyncLoop loop = new SyncLoop("disruption-controller", this::syncAll);
  private SharedIndexInformer<PodDisruptionBudget> budgets;
  private SharedIndexInformer<Pod> pods;

  public DisruptionController(KubernetesClient client) {
    this.client = client;
    this.scale = new ExpectedScale(client);
    this.events = new EventRecorder(client, "controllermanager");
  }

  public DisruptionController start() {
    budgets =
        client.policy().v1().podDisruptionBudget().inAnyNamespace().inform(loop.onAnyChange());
    pods = client.pods().inAnyNamespace().inform(loop.onAnyChange());
    loop.resyncEvery(5); // entries of disruptedPods lapse with time alone
    loop.request();
    return this;
  }

  private void syncAll() {
    if (budgets == null || pods == null) {
      return;
    }
    List<Pod> allPods = pods.getStore().list();
    for (PodDisruptionBudget pdb : budgets.getStore().list()) {
      String ns = pdb.getMetadata().getNamespace();
      List<Pod> inNamespace =
          allPods.stream().filter(p -> ns.equals(p.getMetadata().getNamespace())).toList();
      BudgetStatus.Outcome outcome =
          BudgetStatus.compute(pdb, inNamespace, scale::of, Instant.now());
      if (outcome.eventReason() != null) {
        events.record(pdb, EventRecorder.WARNING, outcome.eventReason(), outcome.eventMessage());
      }
      if (Objects.equals(outcome.status(), pdb.getStatus())) {
        continue;
      }
      PodDisruptionBudget updated =
          new PodDisruptionBudgetBuilder(pdb).withStatus(outcome.status()).build();
      try {
        client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(updated).updateStatus();
      } catch (KubernetesClientException e) {
        // 409: an eviction (or another write) got there first; the watch event brings a new sync.
        LOG.log(Level.FINE, "status of " + pdb.getMetadata().getName() + " not written", e);
        loop.request();
      }
    }
  }

  @Override
  public void close() {
    if (budgets != null) {
      budgets.close();
    }
    if (pods != null) {
      pods.close();
    }
    loop.close();
    events.close();
  }
}
