package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.model.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's view of the objects it owns, from informers (one watch per kind, in the namespaces
 * the controller watches, selected by {@code app.kubernetes.io/managed-by=banyan-operator}) instead
 * of a GET per object every round. An event on any of them reconciles its cluster at once, found by
 * its {@code banyan.io/cluster} label (PVCs have no owner reference under the Retain policy, so the
 * label rather than the owner reference).
 *
 * <p>Informers are eventually consistent: what the operator just wrote may not be in them yet.
 * Every write therefore hands its result to java-operator-sdk's temporary cache ({@link #created},
 * {@link #updated}), which answers reads until the informer has caught up, so the next round never
 * acts on the object as it was before the write (creates a pod again, moves a label again).
 */
final class ClusterCache {
  /**
   * The kinds the operator owns and watches. Secrets are not among them: see {@link AuthSecret}.
   */
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          Pod.class,
          PersistentVolumeClaim.class,
          Service.class,
          ConfigMap.class,
          PodDisruptionBudget.class);

  private final Context<StoreCluster> context;

  ClusterCache(Context<StoreCluster> context) {
    this.context = context;
  }

  /** One informer event source per owned kind. */
  static List<EventSource<?, StoreCluster>> eventSources(EventSourceContext<StoreCluster> context) {
    return KINDS.stream()
        .<EventSource<?, StoreCluster>>map(kind -> eventSource(kind, context))
        .toList();
  }

  private static <R extends HasMetadata> InformerEventSource<R, StoreCluster> eventSource(
      Class<R> kind, EventSourceContext<StoreCluster> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, StoreCluster.class)
            .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE)
            .withSecondaryToPrimaryMapper(ClusterCache::cluster)
            .build(),
        context);
  }

  /** The cluster an owned object belongs to, by its label; none for a stray object. */
  static Set<ResourceID> cluster(HasMetadata o) {
    Map<String, String> labels = o.getMetadata().getLabels();
    String cluster = labels == null ? null : labels.get(Labels.CLUSTER);
    return cluster == null
        ? Set.of()
        : Set.of(new ResourceID(cluster, o.getMetadata().getNamespace()));
  }

  /** The stored object with the kind, namespace and name of {@code desired}; null when absent. */
  @SuppressWarnings("unchecked")
  <R extends HasMetadata> R get(R desired) {
    return (R) source(desired.getClass()).get(ResourceID.fromResource(desired)).orElse(null);
  }

  /** The reconciled cluster's pods. */
  Set<Pod> pods() {
    return context.getSecondaryResources(Pod.class);
  }

  /** Records an object the operator just created, until the informer has it. */
  void created(HasMetadata created) {
    source(created.getClass())
        .handleRecentResourceCreate(ResourceID.fromResource(created), created);
  }

  /** Records an object the operator just changed ({@code previous}: as read before), likewise. */
  void updated(HasMetadata updated, HasMetadata previous) {
    source(updated.getClass())
        .handleRecentResourceUpdate(ResourceID.fromResource(updated), updated, previous);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private InformerEventSource<HasMetadata, StoreCluster> source(Class<?> kind) {
    return (InformerEventSource) context.eventSourceRetriever().getEventSourceFor(kind);
  }
}
