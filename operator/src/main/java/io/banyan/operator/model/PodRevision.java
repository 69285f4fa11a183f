package io.banyan.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revision of a node's pod: a fingerprint of everything that only takes effect when the
 * container starts — the pod spec as rendered (image, resources, JVM options, args, probes,
 * placement) and the restart-requiring part of the rendered configuration. It is written on the pod
 * as the annotation {@value #ANNOTATION} when the pod is created; a pod whose annotation differs
 * from the desired pod's is outdated and is replaced by the rolling update. Pod specs are immutable
 * in Kubernetes, so the annotation of a running pod always describes what it runs.
 *
 * <p>Labels and annotations are not part of it: they can change on a running pod, and the role
 * label changes with every switchover.
 */
public final class PodRevision {
  public static final String ANNOTATION = "banyan.io/revision";

  private PodRevision() {}

  /** The revision of {@code pod} (its spec) started with the configuration {@code configPart}. */
  public static String of(Pod pod, String configPart) {
    return sha256(canonicalJson(pod.getSpec()) + "\n--- config\n" + configPart).substring(0, 12);
  }

  /**
   * JSON with every object's keys sorted: the same spec must give the same revision whatever order
   * its maps were read in (a GitOps tool re-applying the StoreCluster with its keys reordered must
   * not restart every pod).
   */
  private static String canonicalJson(Object value) {
    try {
      Object tree = CANONICAL.convertValue(value, Object.class);
      return CANONICAL.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a pod spec always serialises", e);
    }
  }

  private static final ObjectMapper CANONICAL =
      Serialization.jsonMapper()
          .copy()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /** {@code pod} with its revision annotation set. */
  public static Pod annotate(Pod pod, String configPart) {
    String revision = of(pod, configPart);
    Map<String, String> annotations = new TreeMap<>();
    if (pod.getMetadata().getAnnotations() != null) {
      annotations.putAll(pod.getMetadata().getAnnotations());
    }
    annotations.put(ANNOTATION, revision);
    pod.getMetadata().setAnnotations(annotations);
    return pod;
  }

  /** The revision a pod was created with; null for a pod made before revisions existed. */
  public static String current(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a == null ? null : a.get(ANNOTATION);
  }

  private static String sha256(String text) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
