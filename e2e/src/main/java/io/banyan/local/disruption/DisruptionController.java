package io.banyan.local.disruption;

import io.banyan.local.events.EventRecorder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Threading: informer callbacks only request a sync; syncs run one at a time on one thread.
 */
public final class DisruptionController implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DisruptionController.class.getName());

  private final KubernetesClient client;
  private final ExpectedScale scale;
  private final EventRecorder events;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("disruption-controller").unstarted(r));
  private final AtomicBoolean syncRequested = new AtomicBoolean();
  private SharedIndexInformer<PodDisruptionBudget> budgets;
  private SharedIndexInformer<Pod> pods;

  public DisruptionController(KubernetesClient client) {
    this.client = client;
    this.scale = new ExpectedScale(client);
    this.events = new EventRecorder(client, "controllermanager");
  }

  public DisruptionController start() {
    ResourceEventHandler<Object> any =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Object o) {
            requestSync();
          }

          @Override
          public void onUpdate(Object a, Object b) {
            requestSync();
          }

          @Override
          public void onDelete(Object o, boolean unknown) {
            requestSync();
          }
        };
    budgets = client.policy().v1().podDisruptionBudget().inAnyNamespace().inform(cast(any));
    pods = client.pods().inAnyNamespace().inform(cast(any));
    loop.scheduleWithFixedDelay(this::requestSync, 5, 5, TimeUnit.SECONDS);
    requestSync();
    return this;
  }

  private void requestSync() {
    if (syncRequested.compareAndSet(false, true)) {
      loop.execute(
          () -> {
            syncRequested.set(false);
            try {
              syncAll();
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "disruption budget sync failed", e);
            }
          });
    }
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
        requestSync();
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
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.close();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
    return (ResourceEventHandler) handler;
  }
}
