package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Materializes a pod's volumes as local directories: a ConfigMap or Secret becomes files in the
 * pod's directory (rewritten on every container start, as the kubelet refreshes them); a
 * PersistentVolumeClaim becomes a directory per claim name that outlives the pod, so a restarted or
 * re-created pod finds its data; an emptyDir lives as long as the pod object (its uid).
 */
final class PodVolumes {
  private final KubernetesClient client;
  private final Path stateDir;

  PodVolumes(KubernetesClient client, Path stateDir) {
    this.client = client;
    this.stateDir = stateDir;
  }

  /** The directory holding a pod's files and log. */
  Path podDir(Pod pod) {
    return stateDir.resolve("pods").resolve(pod.getMetadata().getName());
  }

  /** The directory standing in for a claim's persistent volume. */
  Path claimDir(String claimName) {
    return stateDir.resolve("volumes").resolve(claimName);
  }

  /**
   * Creates the volumes {@code mounts} use and returns mount path → local directory, longest mount
   * path first (so the most specific prefix wins when paths are rewritten).
   */
  Map<String, Path> materialize(Pod pod, List<VolumeMount> mounts) {
    String ns = pod.getMetadata().getNamespace();
    Map<String, Path> byMountPath = new LinkedHashMap<>();
    mounts.stream()
        .sorted(Comparator.comparingInt((VolumeMount m) -> m.getMountPath().length()).reversed())
        .forEach(
            mount -> {
              Volume volume = volume(pod, mount.getName());
              Path dir = materialize(pod, ns, volume);
              if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                dir = dir.resolve(mount.getSubPath());
              }
              byMountPath.put(mount.getMountPath(), dir);
            });
    return byMountPath;
  }

  private Path materialize(Pod pod, String ns, Volume volume) {
    try {
      if (volume.getPersistentVolumeClaim() != null) {
        return Files.createDirectories(claimDir(volume.getPersistentVolumeClaim().getClaimName()));
      }
      Path dir = podDir(pod).resolve("volumes").resolve(volume.getName());
      if (volume.getEmptyDir() != null) {
        return Files.createDirectories(
            podDir(pod)
                .resolve("emptydir-" + pod.getMetadata().getUid())
                .resolve(volume.getName()));
      }
      if (volume.getConfigMap() != null) {
        String name = volume.getConfigMap().getName();
        ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
        if (cm == null) {
          throw new IllegalStateException("ConfigMap " + ns + "/" + name + " not found");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (cm.getData() != null) {
          cm.getData().forEach((k, v) -> files.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        writeFiles(dir, files, volume.getConfigMap().getItems());
        return dir;
      }
      if (volume.getSecret() != null) {
        String name = volume.getSecret().getSecretName();
        Secret secret = client.secrets().inNamespace(ns).withName(name).get();
        if (secret == null) {
          throw new IllegalStateException("Secret " + ns + "/" + name + " not found");
        }
        writeFiles(dir, secretData(secret), volume.getSecret().getItems());
        return dir;
      }
      throw new IllegalStateException(
          "volume " + volume.getName() + " has a type local mode does not support");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Secret's values, decoded (stringData wins, as the API server would have merged it). */
  static Map<String, byte[]> secretData(Secret secret) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return data;
  }

  private static void writeFiles(Path dir, Map<String, byte[]> data, List<KeyToPath> items)
      throws IOException {
    Files.createDirectories(dir);
    if (items == null || items.isEmpty()) {
      for (var e : data.entrySet()) {
        Files.write(dir.resolve(e.getKey()), e.getValue());
      }
      return;
    }
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value != null) {
        Path file = dir.resolve(item.getPath());
        Files.createDirectories(file.getParent());
        Files.write(file, value);
      }
    }
  }

  private static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("pod mounts unknown volume " + name));
  }
}
