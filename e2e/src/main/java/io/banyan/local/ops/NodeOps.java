package io.banyan.local.ops;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * What {@code kubectl cordon/uncordon/drain} and an eviction do, through the API only — so they
 * meet the same rules as on a cluster: the eviction subresource checks the PodDisruptionBudgets,
 * the scheduler keeps new pods off a cordoned node. {@link #drain} cordons the node, then evicts
 * its pods one at a time, retrying a refused eviction (429) every {@code retry} as kubectl does
 * (every 5 s), and waits for each evicted pod to be gone (or replaced by a new pod of the same
 * name) before the next. Pods without a controller are refused unless forced, as kubectl refuses
 * them; DaemonSet and mirror pods do not exist in local mode. Not thread-safe; the caller closes
 * the client.
 */
public final class NodeOps {
  /** kubectl drain's retry interval after a refused eviction. */
  public static final Duration KUBECTL_RETRY = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final Duration retry;

  /**
   * @param client a client that does not retry 429 itself (see {@code
   *     EmbeddedApiServer#clientWithoutRetries})
   */
  public NodeOps(KubernetesClient client, Duration retry) {
    this.client = client;
    this.retry = retry;
  }

  /** The outcome of one eviction request: the HTTP code and the API's message. */
  public record Eviction(int code, String message) {
    public boolean evicted() {
      return code == 200 || code == 201;
    }
  }

  /** POSTs a policy/v1 Eviction for the pod. */
  public Eviction evict(String namespace, String pod) {
    String url =
        client.getMasterUrl().toString().replaceAll("/$", "")
            + "/api/v1/namespaces/"
            + namespace
            + "/pods/"
            + pod
            + "/eviction";
    String body =
        "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\""
            + pod
            + "\",\"namespace\":\""
            + namespace
            + "\"}}";
    HttpRequest request =
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(url)
            .post("application/json", body)
            .build();
    try {
      HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get();
      if (response.code() / 100 == 2) {
        return new Eviction(response.code(), "evicted");
      }
      Status status = Serialization.unmarshal(response.body(), Status.class);
      String message = status.getMessage();
      if (status.getDetails() != null && status.getDetails().getCauses() != null) {
        for (var cause : status.getDetails().getCauses()) {
          message += " " + cause.getMessage();
        }
      }
      return new Eviction(response.code(), message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while evicting " + pod, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot evict " + pod + ": " + e.getCause().getMessage(), e);
    }
  }

  /** Sets {@code spec.unschedulable}; returns false when it already had that value. */
  public boolean cordon(String node, boolean unschedulable) {
    Node n = requireNode(node);
    if (Boolean.TRUE.equals(n.getSpec().getUnschedulable()) == unschedulable) {
      return false;
    }
    client
        .nodes()
        .withName(node)
        .edit(
            x -> {
              if (x.getSpec() == null) {
                x.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
              }
              x.getSpec().setUnschedulable(unschedulable ? true : null);
              return x;
            });
    return true;
  }

  /**
   * Cordons {@code node} and evicts every pod bound to it; {@code out} gets kubectl-like lines.
   *
   * @throws IllegalStateException when it does not finish within {@code timeout}, or a pod without
   *     a controller is met and {@code force} is false
   */
  public void drain(String node, Duration timeout, boolean force, Consumer<String> out)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    out.accept(
        cordon(node, true) ? "node/" + node + " cordoned" : "node/" + node + " already cordoned");
    List<Pod> pods = podsOn(node);
    List<String> unmanaged = new ArrayList<>();
    for (Pod p : pods) {
      if (controllerOf(p) == null) {
        unmanaged.add(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
      }
    }
    if (!unmanaged.isEmpty() && !force) {
      throw new IllegalStateException(
          "cannot delete Pods that declare no controller (use --force to override): " + unmanaged);
    }
    for (Pod p : pods) {
      String ns = p.getMetadata().getNamespace();
      String name = p.getMetadata().getName();
      out.accept("evicting pod " + ns + "/" + name);
      while (true) {
        Eviction e = evict(ns, name);
        if (e.evicted() || e.code() == 404) {
          break;
        }
        if (e.code() != 429) {
          throw new IllegalStateException("cannot evict " + ns + "/" + name + ": " + e.message());
        }
        out.accept(
            "error when evicting pods/\""
                + name
                + "\" -n \""
                + ns
                + "\" (will retry after "
                + retry.toSeconds()
                + "s): "
                + e.message());
        sleepUntilNextTry(deadline, node);
      }
      while (!gone(p)) {
        sleepBriefly(deadline, node);
      }
      out.accept("pod/" + name + " evicted");
    }
    out.accept("node/" + node + " drained");
  }

  /** Pods bound to the node (every namespace), in name order. */
  public List<Pod> podsOn(String node) {
    requireNode(node);
    return client.pods().inAnyNamespace().list().getItems().stream()
        .filter(p -> node.equals(p.getSpec().getNodeName()))
        .sorted(
            Comparator.comparing(
                p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()))
        .toList();
  }

  private boolean gone(Pod evicted) {
    Pod now =
        client
            .pods()
            .inNamespace(evicted.getMetadata().getNamespace())
            .withName(evicted.getMetadata().getName())
            .get();
    return now == null || !now.getMetadata().getUid().equals(evicted.getMetadata().getUid());
  }

  private void sleepUntilNextTry(long deadline, String node) throws InterruptedException {
    long wait = Math.min(retry.toNanos(), deadline - System.nanoTime());
    if (wait <= 0) {
      throw timedOut(node);
    }
    Thread.sleep(Duration.ofNanos(wait)); // kubectl's retry interval, not a synchronisation
  }

  private void sleepBriefly(long deadline, String node) throws InterruptedException {
    if (System.nanoTime() > deadline) {
      throw timedOut(node);
    }
    Thread.sleep(200); // polling the API for the pod's removal, as kubectl does
  }

  private static IllegalStateException timedOut(String node) {
    return new IllegalStateException(
        "drain of node/" + node + " did not complete within its timeout");
  }

  private Node requireNode(String node) {
    Node n = client.nodes().withName(node).get();
    if (n == null) {
      throw new IllegalArgumentException(
          "no node '"
              + node
              + "'; nodes: "
              + client.nodes().list().getItems().stream()
                  .map(x -> x.getMetadata().getName())
                  .toList());
    }
    if (n.getSpec() == null) {
      n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
    }
    return n;
  }

  private static OwnerReference controllerOf(Pod p) {
    return p.getMetadata().getOwnerReferences() == null
        ? null
        : p.getMetadata().getOwnerReferences().stream()
            .filter(r -> Boolean.TRUE.equals(r.getController()))
            .findFirst()
            .orElse(null);
  }
}
