package io.banyan.operator.model;

import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.TlsSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code spec.tls} puts into a node's pod and configuration: the certificate Secret (and the
 * CA Secret, when another one) mounted read-only as Secret volumes, and the TLS-only listener on
 * the usual port. A Secret volume is refreshed in place by the kubelet when the Secret changes, and
 * the data node reloads the files when they change: a certificate rotation needs no restart, and
 * the paths below never change, so it changes neither the ConfigMap nor the pod's revision.
 * Switching TLS on or off changes the pod spec (the volumes), so the pods are replaced one by one.
 */
public final class NodeTls {
  public static final String VOLUME = "tls";
  public static final String CA_VOLUME = "tls-ca";
  public static final String DIR = "/etc/banyan-tls";
  public static final String CA_DIR = "/etc/banyan-tls-ca";

  /** The keys of a cert-manager (kubernetes.io/tls) Secret. */
  public static final String CERT_KEY = "tls.crt";

  public static final String KEY_KEY = "tls.key";
  public static final String CA_KEY = "ca.crt";

  /**
   * Owner and group (the pod's fsGroup) may read the files; the private key is not world-readable.
   */
  private static final int FILE_MODE = 0440;

  private NodeTls() {}

  /**
   * Whether a pod was made with TLS (its spec mounts the certificate): how it must be spoken to.
   */
  public static boolean enabled(Pod pod) {
    return pod != null
        && pod.getSpec() != null
        && pod.getSpec().getVolumes() != null
        && pod.getSpec().getVolumes().stream().anyMatch(v -> VOLUME.equals(v.getName()));
  }

  /** The redis.conf lines for the listener; without TLS, the plaintext port. */
  static List<String> configLines(StoreClusterSpec spec) {
    TlsSpec tls = spec.tls;
    if (tls == null) {
      return List.of("port " + ConfigRenderer.PORT);
    }
    return List.of(
        // TLS only, on the port clients already use: no plaintext listener to reach by mistake.
        "port 0",
        "tls-port " + ConfigRenderer.PORT,
        "tls-auth-clients " + tls.clientAuthOrDefault().redisValue(),
        // Replicas (across zones) connect to their master with TLS too, and present the same
        // certificate when the master asks for one.
        "tls-replication yes");
  }

  /**
   * The certificate files, as command-line arguments: they are paths of the pod's volume mounts,
   * which belong with the pod spec (as {@code --dir}), not in the shared file.
   */
  static List<String> args(StoreClusterSpec spec) {
    TlsSpec tls = spec.tls;
    if (tls == null) {
      return List.of();
    }
    return List.of(
        "--tls-cert-file",
        DIR + "/" + CERT_KEY,
        "--tls-key-file",
        DIR + "/" + KEY_KEY,
        "--tls-ca-cert-file",
        (tls.caSecretName == null ? DIR : CA_DIR) + "/" + CA_KEY);
  }

  static List<Volume> volumes(StoreClusterSpec spec) {
    List<Volume> volumes = new ArrayList<>();
    if (spec.tls == null) {
      return volumes;
    }
    volumes.add(secretVolume(VOLUME, spec.tls.secretName));
    if (spec.tls.caSecretName != null) {
      volumes.add(secretVolume(CA_VOLUME, spec.tls.caSecretName));
    }
    return volumes;
  }

  static List<VolumeMount> mounts(StoreClusterSpec spec) {
    List<VolumeMount> mounts = new ArrayList<>();
    if (spec.tls == null) {
      return mounts;
    }
    mounts.add(mount(VOLUME, DIR));
    if (spec.tls.caSecretName != null) {
      mounts.add(mount(CA_VOLUME, CA_DIR));
    }
    return mounts;
  }

  private static Volume secretVolume(String name, String secret) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName(secret)
        .withDefaultMode(FILE_MODE)
        .endSecret()
        .build();
  }

  private static VolumeMount mount(String name, String path) {
    // No subPath: a subPath mount is not refreshed when the Secret changes.
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(true).build();
  }
}
