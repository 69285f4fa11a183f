package io.banyan.operator.reconcile;

import io.banyan.operator.OperatorSettings;
import io.banyan.operator.api.SpecValidation;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.observe.ClusterObserver;
import io.banyan.operator.status.StatusAggregator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reconciles a {@link StoreCluster}: a pipeline of small named steps run every probe interval (the
 * live tree can drift without any Kubernetes event: a node restarts, a link drops) and whenever an
 * object it owns changes. Each step is idempotent, and every decision is written to status before
 * it is acted on (I5), so the operator can die anywhere and the next reconcile carries on.
 *
 * <p>The API server is shared (design §4b): the cluster and the objects it owns are read from
 * informers ({@link ClusterCache}), not fetched every round; status is written when it means
 * something ({@code StatusChange}); repeated Events are counted, not repeated ({@link
 * ClusterEvents}). An idle cluster costs the API server no request at all but the watches.
 */
@ControllerConfiguration(name = "storecluster")
public class StoreClusterReconciler implements Reconciler<StoreCluster> {
  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final NodeConnector connector;
  private final ClusterObserver observer;
  private final Clock clock;
  private final ClusterEvents events;
  private final Map<String, ClusterMemory> memories = new ConcurrentHashMap<>();

  /** How soon a round follows one that left a failover in progress. */
  static final Duration FAILOVER_STEP = Duration.ofMillis(100);

  @Inject
  public StoreClusterReconciler(KubernetesClient client, OperatorSettings settings) {
    this(client, settings, Clock.systemUTC());
  }

  StoreClusterReconciler(KubernetesClient client, OperatorSettings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.connector = new NodeConnector((int) settings.probeTimeout().toMillis());
    this.observer = new ClusterObserver(connector);
    this.clock = clock;
    this.events = new ClusterEvents(client, clock);
  }

  @Override
  public List<EventSource<?, StoreCluster>> prepareEventSources(
      EventSourceContext<StoreCluster> context) {
    return ClusterCache.eventSources(context);
  }

  @Override
  public UpdateControl<StoreCluster> reconcile(StoreCluster cached, Context<StoreCluster> context) {
    ClusterMemory memory =
        memories.computeIfAbsent(cached.getMetadata().getUid(), uid -> new ClusterMemory());
    StoreCluster sc = memory.freshest(cached);
    StatusWriter status = new StatusWriter(client, memory::written);
    try {
      List<String> problems = SpecValidation.validate(sc.getSpec());
      if (!problems.isEmpty()) {
        rejectSpec(sc, status, String.join("; ", problems));
        return UpdateControl.<StoreCluster>noUpdate()
            .rescheduleAfter(settings.probeInterval().multipliedBy(10));
      }
      Instant started = Instant.now(clock);
      ClusterRound round =
          new ClusterRound(
              sc,
              DesiredTree.of(sc.getSpec()),
              new ClusterResources(client, settings.serverSideApply(), new ClusterCache(context)),
              status,
              events,
              connector,
              observer,
              memory,
              started);
      round.run();
      return UpdateControl.<StoreCluster>noUpdate()
          .rescheduleAfter(
              nextRound(
                  settings.probeInterval(),
                  round.failoverInProgress(),
                  round.suspicionMatures().orElse(null),
                  started,
                  Instant.now(clock)));
    } finally {
      events.flush();
    }
  }

  /**
   * How long until the next round. During a failover each step waits for the nodes to report the
   * previous one; observing again a probe interval later would make five steps cost five seconds of
   * no writes. While the master is suspected, the round that may declare it failed runs when its
   * detection timeout runs out rather than up to a probe interval after.
   */
  static Duration nextRound(
      Duration probeInterval,
      boolean failoverInProgress,
      Instant suspicionMatures,
      Instant roundStarted,
      Instant now) {
    if (probeInterval.compareTo(FAILOVER_STEP) <= 0) {
      return probeInterval;
    }
    if (failoverInProgress) {
      return FAILOVER_STEP;
    }
    // A suspicion that had matured when this round judged it needs no early round: the round
    // either started a failover or found no candidate, and a probe interval is soon enough then.
    if (suspicionMatures != null && suspicionMatures.isAfter(roundStarted)) {
      Duration left = Duration.between(now, suspicionMatures);
      if (left.compareTo(probeInterval) < 0) {
        return left.compareTo(FAILOVER_STEP) < 0 ? FAILOVER_STEP : left;
      }
    }
    return probeInterval;
  }

  private void rejectSpec(StoreCluster sc, StatusWriter writer, String problem) {
    StoreClusterStatus previous = sc.getStatus();
    StoreClusterStatus next =
        StatusAggregator.aggregate(
            new StatusAggregator.Inputs(
                sc.getMetadata().getGeneration() == null ? 0 : sc.getMetadata().getGeneration(),
                List.of(),
                java.util.Map.of(),
                java.util.Map.of(),
                previous,
                false,
                null,
                problem,
                Instant.now(clock).toString()));
    if (previous == null || previous.phase != next.phase) {
      events.warning(sc, "InvalidSpec", problem);
    }
    writer.write(sc, next);
  }
}
