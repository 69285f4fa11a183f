package io.banyan.local.ops;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.model.ManifestRenderer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code kubectl apply -f FILE} for the StoreCluster of a local cluster ({@code banyan local
 * apply}). The document is checked first as the API server checks it — the CRD's schema with strict
 * field validation, its CEL rules — and, as {@code banyan render} does, by the operator's own
 * checks (which on Kubernetes would only show as phase Failed): every error names its field and
 * nothing is written. Then the spec is replaced (labels and annotations merged), the status kept;
 * the API server raises {@code metadata.generation} when the spec changed. A write that meets the
 * operator's concurrent status write (409) is redone on the fresh object, as kubectl retries.
 *
 * <p>Not emulated: kubectl's three-way merge with the last-applied annotation (fields removed from
 * the file are removed from the spec here, as with {@code kubectl replace}).
 */
public final class ClusterApply {
  private static final int ATTEMPTS = 10;

  private ClusterApply() {}

  /**
   * Applies {@code document} to the StoreCluster {@code name} in {@code namespace}; returns
   * kubectl's line ({@code storecluster.banyan.io/NAME configured|unchanged|created}).
   *
   * @throws IllegalArgumentException for an invalid document, naming the fields
   */
  public static String apply(
      KubernetesClient client, String namespace, String name, String document) {
    ManifestRenderer.Result checked = ManifestRenderer.render(document);
    if (!checked.valid()) {
      throw new IllegalArgumentException(
          "the StoreCluster is invalid: " + String.join("; ", checked.errors()));
    }
    StoreCluster wanted = Serialization.unmarshal(document, StoreCluster.class);
    String fileName = wanted.getMetadata().getName();
    if (!name.equals(fileName)) {
      throw new IllegalArgumentException(
          "metadata.name: this local cluster runs StoreCluster '"
              + name
              + "', the file names '"
              + fileName
              + "' (local mode runs one StoreCluster)");
    }
    String fileNamespace = wanted.getMetadata().getNamespace();
    if (fileNamespace != null && !fileNamespace.equals(namespace)) {
      throw new IllegalArgumentException(
          "metadata.namespace: this local cluster runs in '"
              + namespace
              + "', the file names '"
              + fileNamespace
              + "'");
    }
    String kind = "storecluster." + StoreCluster.GROUP + "/" + name;
    for (int attempt = 1; ; attempt++) {
      StoreCluster current =
          client.resources(StoreCluster.class).inNamespace(namespace).withName(name).get();
      try {
        if (current == null) {
          wanted.getMetadata().setNamespace(namespace);
          client.resource(wanted).create();
          return kind + " created";
        }
        StoreCluster next = Serialization.clone(current);
        next.setSpec(wanted.getSpec());
        next.getMetadata()
            .setLabels(merged(current.getMetadata().getLabels(), wanted.getMetadata().getLabels()));
        next.getMetadata()
            .setAnnotations(
                merged(
                    current.getMetadata().getAnnotations(), wanted.getMetadata().getAnnotations()));
        if (Serialization.asJson(next).equals(Serialization.asJson(current))) {
          return kind + " unchanged";
        }
        client.resource(next).update();
        return kind + " configured";
      } catch (KubernetesClientException e) {
        boolean conflict = e.getCode() == HttpURLConnection.HTTP_CONFLICT;
        if (!conflict || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static Map<String, String> merged(Map<String, String> have, Map<String, String> add) {
    Map<String, String> all = new HashMap<>(Objects.requireNonNullElse(have, Map.of()));
    all.putAll(Objects.requireNonNullElse(add, Map.of()));
    return all.isEmpty() ? null : all;
  }
}
