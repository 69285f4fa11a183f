package io.banyan.local.scheduler;

import io.banyan.local.control.SyncLoop;
import io.banyan.local.events.EventRecorder;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stand-in for kube-scheduler: watches Pods and Nodes, places every pod that has no {@code
 * spec.nodeName} (and asks for the default scheduler) by {@link Placement}, and binds it through
 * the API's binding subresource, as the real one does. A pod that fits nowhere stays Pending with
 * {@code PodScheduled=False}, reason {@code Unschedulable} and the scheduler's message, plus a
 * {@code FailedScheduling} event; it is tried again whenever a Pod or Node changes (the real
 * scheduler's unschedulable queue moves on cluster events). Pods bound by this scheduler count for
 * later decisions at once, before the watch shows them bound (the scheduler cache's "assumed"
 * pods).
 *
 * <p>Threading: informer callbacks only request a pass ({@link SyncLoop}); passes run one at a
 * time.
 */
public final class Scheduler implements AutoCloseable {
  public static final String NAME = "default-scheduler";
  private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

  private final KubernetesClient client;
  private final EventRecorder events;
  private final SyncLoop loop = new SyncLoop("scheduler", this::pass);
  private final Map<String, String> assumed = new HashMap<>();
  private final Map<String, String> lastFailure = new HashMap<>();
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Node> nodes;

  public Scheduler(KubernetesClient client) {
    this.client = client;
    this.events = new EventRecorder(client, NAME);
  }

  public Scheduler start() {
    nodes = client.nodes().inform(loop.onAnyChange());
    pods = client.pods().inAnyNamespace().inform(loop.onAnyChange());
    loop.request();
    return this;
  }

  private void pass() {
    if (pods == null || nodes == null) {
      return;
    }
    List<Node> allNodes =
        nodes.getStore().list().stream()
            .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
            .toList();
    Map<String, Node> byName = new HashMap<>();
    allNodes.forEach(n -> byName.put(n.getMetadata().getName(), n));
    List<Pod> allPods = pods.getStore().list();
    Set<String> present = new HashSet<>();
    List<Cluster.Bound> bound = new ArrayList<>();
    List<Pod> pending = new ArrayList<>();
    for (Pod p : allPods) {
      String uid = p.getMetadata().getUid();
      present.add(uid);
      String nodeName = p.getSpec().getNodeName();
      if (nodeName != null && !nodeName.isEmpty()) {
        assumed.remove(uid);
      } else {
        nodeName = assumed.get(uid);
      }
      if (nodeName != null) {
        Node node = byName.get(nodeName);
        if (node != null && !terminal(p)) {
          bound.add(new Cluster.Bound(p, node));
        }
      } else if (p.getMetadata().getDeletionTimestamp() == null && ours(p)) {
        pending.add(p);
      }
    }
    assumed.keySet().retainAll(present);
    lastFailure.keySet().retainAll(present);
    pending.sort(
        Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()));
    for (Pod pod : pending) {
      Placement.Decision decision = Placement.decide(pod, new Cluster(allNodes, bound));
      switch (decision) {
        case Placement.Fit fit -> {
          if (bind(pod, fit.node())) {
            assumed.put(pod.getMetadata().getUid(), fit.node());
            lastFailure.remove(pod.getMetadata().getUid());
            bound.add(new Cluster.Bound(pod, byName.get(fit.node())));
          }
        }
        case Placement.Unschedulable u -> unschedulable(pod, u.message());
      }
    }
  }

  private boolean bind(Pod pod, String node) {
    try {
      client
          .bindings()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(
              new BindingBuilder()
                  .withNewMetadata()
                  .withName(pod.getMetadata().getName())
                  .withNamespace(pod.getMetadata().getNamespace())
                  .withUid(pod.getMetadata().getUid())
                  .endMetadata()
                  .withNewTarget()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(node)
                  .endTarget()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "binding " + pod.getMetadata().getName() + " failed", e);
      return false;
    }
    events.record(
        pod,
        EventRecorder.NORMAL,
        "Scheduled",
        "Successfully assigned "
            + pod.getMetadata().getNamespace()
            + "/"
            + pod.getMetadata().getName()
            + " to "
            + node);
    return true;
  }

  private void unschedulable(Pod pod, String message) {
    String uid = pod.getMetadata().getUid();
    if (message.equals(lastFailure.get(uid))) {
      return;
    }
    lastFailure.put(uid, message);
    Pod status =
        new PodBuilder()
            .withNewMetadata()
            .withName(pod.getMetadata().getName())
            .withNamespace(pod.getMetadata().getNamespace())
            .endMetadata()
            .withNewStatus()
            .withPhase("Pending")
            .withConditions(
                new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage(message)
                    .withLastTransitionTime(
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                    .build())
            .endStatus()
            .build();
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), status);
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "cannot report " + pod.getMetadata().getName() + " unschedulable", e);
    }
    events.record(pod, EventRecorder.WARNING, "FailedScheduling", message);
  }

  private static boolean terminal(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static boolean ours(Pod p) {
    String name = p.getSpec().getSchedulerName();
    return name == null || name.isEmpty() || name.equals(NAME);
  }

  @Override
  public void close() {
    if (pods != null) {
      pods.close();
    }
    if (nodes != null) {
      nodes.close();
    }
    loop.close();
    events.close();
  }
}
