package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Kubernetes I/O of a reconcile: applies the desired objects the pure model computed, lists the
 * cluster's pods, moves role labels, removes nodes the spec no longer has. Objects are read from
 * the informers' caches ({@link ClusterCache}) and written with server-side apply (field manager
 * {@value #FIELD_MANAGER}, so GitOps tools can own other fields), or with create/merge patch when
 * SSA is switched off; every write's result goes back into the cache. Pods are created, never
 * updated: their spec is immutable and roles live in labels. Idle, a round makes no request.
 */
final class ClusterResources {
  static final String FIELD_MANAGER = "banyan-operator";

  private final KubernetesClient client;
  private final boolean serverSideApply;
  private final ClusterCache cache;

  ClusterResources(KubernetesClient client, boolean serverSideApply, ClusterCache cache) {
    this.client = client;
    this.serverSideApply = serverSideApply;
    this.cache = cache;
  }

  /**
   * Makes every object exist as desired; returns a line per object created, for events. Pods and
   * PVCs are only created; the others are also brought back to the desired content.
   */
  public List<String> apply(
      List<? extends HasMetadata> maintained, List<? extends HasMetadata> createOnly) {
    List<String> created = new ArrayList<>();
    for (HasMetadata desired : createOnly) {
      if (cache.get(desired) == null && create(desired)) {
        created.add(desired.getKind() + " " + desired.getMetadata().getName());
      }
    }
    for (HasMetadata desired : maintained) {
      HasMetadata existing = cache.get(desired);
      if (existing != null && !differs(existing, desired)) {
        continue; // in sync: no write every probe interval
      }
      if (existing == null) {
        created.add(desired.getKind() + " " + desired.getMetadata().getName());
      }
      HasMetadata stored;
      if (serverSideApply) {
        stored =
            client
                .resource(desired)
                .patch(
                    new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager(FIELD_MANAGER)
                        .withForce(true)
                        .build());
      } else if (existing == null) {
        stored = client.resource(desired).create();
      } else {
        // A merge patch keeps what the server filled in (a Service's clusterIP, defaults).
        stored = client.resource(desired).patch(PatchContext.of(PatchType.JSON_MERGE));
      }
      if (existing == null) {
        cache.created(stored);
      } else {
        cache.updated(stored, existing);
      }
    }
    return created;
  }

  /**
   * Creates {@code desired}; false when it exists after all (made since the cache last heard, e.g.
   * by a previous operator process just before it stopped).
   */
  private boolean create(HasMetadata desired) {
    try {
      cache.created(client.resource(desired).create());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  /** The cluster's pods by node name ({@code banyan.io/node} label), see {@link #byNode}. */
  public Map<String, Pod> pods() {
    return byNode(cache.pods());
  }

  /**
   * Pods by node name, <b>terminating ones included</b>: a pod with a {@code deletionTimestamp}
   * still runs its process until the grace period ends (longer when the kubelet is cut off from the
   * API), and a master in that state may still acknowledge writes. So it keeps its address, is
   * probed, and — if it was the master — is fenced before anyone is promoted; its deletion alone
   * never counts as its death. When two pods carry one node name (a replacement created while the
   * old one terminates), the one not being deleted wins.
   */
  static Map<String, Pod> byNode(Collection<Pod> all) {
    Map<String, Pod> pods = new HashMap<>();
    for (Pod p : all) {
      Map<String, String> labels = p.getMetadata().getLabels();
      String node = labels == null ? null : labels.get(Labels.NODE);
      if (node == null) {
        continue;
      }
      Pod seen = pods.get(node);
      if (seen == null || (terminating(seen) && !terminating(p))) {
        pods.put(node, p);
      }
    }
    return pods;
  }

  /** The pod has a {@code deletionTimestamp}: Terminating, its process possibly still serving. */
  static boolean terminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  /**
   * Sets ({@code value} non-null) or removes one label of a pod, when it differs: one merge patch,
   * no read first.
   */
  public boolean label(Pod pod, String key, String value) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (Objects.equals(labels == null ? null : labels.get(key), value)) {
      return false;
    }
    Map<String, Object> change = new HashMap<>();
    change.put(key, value); // null removes it (RFC 7386)
    String patch = Serialization.asJson(Map.of("metadata", Map.of("labels", change)));
    Pod stored;
    try {
      stored = client.resource(pod).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND && terminating(pod)) {
        return false; // a terminating pod finished its deletion meanwhile
      }
      throw e;
    }
    cache.updated(stored, pod);
    return true;
  }

  /** Deletes a pod (a node removed from the spec). */
  public void deletePod(Pod pod) {
    client.resource(pod).delete();
  }

  /** Deletes a PVC by name, if present. */
  public void deletePvc(String namespace, String name) {
    client.persistentVolumeClaims().inNamespace(namespace).withName(name).delete();
  }

  /**
   * Every key of {@code secret}, decoded, from one GET (so a certificate and its key come from the
   * same version of the Secret); null when there is no such Secret.
   */
  public java.util.Map<String, String> secretData(String namespace, String secret) {
    Secret s = client.secrets().inNamespace(namespace).withName(secret).get();
    if (s == null) {
      return null;
    }
    java.util.Map<String, String> data = new java.util.HashMap<>();
    if (s.getStringData() != null) {
      data.putAll(s.getStringData());
    }
    if (s.getData() != null) {
      s.getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return data;
  }

  /**
   * The password in {@code secret[key]}, or null when there is no such secret or key: one GET (the
   * operator may not watch Secrets; {@link AuthSecret} decides how often).
   */
  public String secretValue(String namespace, String secret, String key) {
    Secret s = client.secrets().inNamespace(namespace).withName(secret).get();
    if (s == null) {
      return null;
    }
    if (s.getData() != null && s.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
    return s.getStringData() == null ? null : s.getStringData().get(key);
  }

  /** A Secret's decoded values (empty map: none), or null when there is no such Secret; one GET. */
  public Map<String, String> secretValues(String namespace, String name) {
    Secret s = client.secrets().inNamespace(namespace).withName(name).get();
    if (s == null) {
      return null;
    }
    Map<String, String> values = new HashMap<>();
    if (s.getData() != null) {
      s.getData()
          .forEach(
              (k, v) ->
                  values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (s.getStringData() != null) {
      values.putAll(s.getStringData());
    }
    return values;
  }

  /** Replaces an operator-owned Secret's content (it exists: {@link #ensureSecret} made it). */
  public void updateSecret(Secret secret) {
    client.resource(secret).update();
  }

  /**
   * Creates {@code desired} unless a Secret of its name exists (never overwritten: a user may have
   * replaced its value to rotate it). Returns false when the existing one is not owned by {@code
   * sc} — someone else's Secret of the same name, which is then used as it is.
   */
  public boolean ensureSecret(StoreCluster sc, Secret desired) {
    var secrets = client.secrets().inNamespace(desired.getMetadata().getNamespace());
    Secret existing = secrets.withName(desired.getMetadata().getName()).get();
    if (existing == null) {
      try {
        secrets.resource(desired).create();
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        existing = secrets.withName(desired.getMetadata().getName()).get();
        if (existing == null) {
          return true; // deleted again at once: next round creates it
        }
      }
    }
    return existing.getMetadata().getOwnerReferences() != null
        && existing.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> sc.getMetadata().getUid().equals(r.getUid()));
  }

  /** The client, for steps with writes of their own ({@link VolumeGrowth}). */
  KubernetesClient client() {
    return client;
  }

  /** The informer caches, likewise. */
  ClusterCache cache() {
    return cache;
  }

  /** True when some field the operator sets has another value on the server. */
  private static boolean differs(HasMetadata existing, HasMetadata desired) {
    Map<?, ?> have = asMap(existing);
    Map<?, ?> want = asMap(desired);
    want.remove("status");
    Map<?, ?> wantMeta = (Map<?, ?>) want.remove("metadata");
    Map<?, ?> haveMeta = (Map<?, ?>) have.get("metadata");
    return !contains(have, want)
        || !contains(
            haveMeta,
            Map.of("labels", wantMeta.get("labels") == null ? Map.of() : wantMeta.get("labels")));
  }

  private static boolean contains(Object have, Object want) {
    if (want instanceof Map<?, ?> w) {
      if (!(have instanceof Map<?, ?> h)) {
        return false;
      }
      return w.entrySet().stream().allMatch(e -> contains(h.get(e.getKey()), e.getValue()));
    }
    if (want instanceof List<?> w) {
      if (!(have instanceof List<?> h) || h.size() != w.size()) {
        return false;
      }
      for (int i = 0; i < w.size(); i++) {
        if (!contains(h.get(i), w.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(have, want);
  }

  private static Map<?, ?> asMap(HasMetadata o) {
    return Serialization.jsonMapper().convertValue(o, Map.class);
  }
}
