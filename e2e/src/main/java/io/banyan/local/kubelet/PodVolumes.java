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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Materializes a pod's volumes as local directories: a ConfigMap or Secret becomes files in the
 * pod's directory, laid out and replaced as the kubelet's atomic writer does ({@link
 * AtomicVolumeWriter}) — rewritten on every container start, and refreshed in place while the
 * container runs ({@link #refresh}, which the kubelet calls periodically); a PersistentVolumeClaim
 * becomes a directory per claim name that outlives the pod, so a restarted or re-created pod finds
 * its data; an emptyDir lives as long as the pod object (its uid).
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
                if (volume.getPersistentVolumeClaim() == null && volume.getEmptyDir() == null) {
                  // Kubernetes bind-mounts a subPath of such a volume once: later refreshes of
                  // the volume do not reach it.
                  dir = realPath(dir);
                }
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
        AtomicVolumeWriter.write(
            dir,
            selected(files, volume.getConfigMap().getItems()),
            volume.getConfigMap().getDefaultMode());
        return dir;
      }
      if (volume.getSecret() != null) {
        String name = volume.getSecret().getSecretName();
        Secret secret = client.secrets().inNamespace(ns).withName(name).get();
        if (secret == null) {
          throw new IllegalStateException("Secret " + ns + "/" + name + " not found");
        }
        AtomicVolumeWriter.write(
            dir,
            selected(secretData(secret), volume.getSecret().getItems()),
            volume.getSecret().getDefaultMode());
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

  /**
   * Emulates the kubelet's periodic sync of a running pod's ConfigMap and Secret volumes: each one
   * the container mounts is read again and, when its object changed, swapped in place.
   *
   * @return the names of the volumes that changed
   */
  List<String> refresh(Pod pod, List<VolumeMount> mounts) {
    String ns = pod.getMetadata().getNamespace();
    List<String> changed = new ArrayList<>();
    for (String name : mounts.stream().map(VolumeMount::getName).distinct().toList()) {
      Volume volume = volume(pod, name);
      if (volume.getConfigMap() == null && volume.getSecret() == null) {
        continue;
      }
      Path dir = podDir(pod).resolve("volumes").resolve(volume.getName());
      String before = current(dir);
      try {
        materialize(pod, ns, volume);
      } catch (IllegalStateException e) {
        continue; // the object is gone: the kubelet keeps the last files
      }
      if (!current(dir).equals(before)) {
        changed.add(name);
      }
    }
    return changed;
  }

  private static String current(Path dir) {
    try {
      return Files.readSymbolicLink(dir.resolve(AtomicVolumeWriter.DATA)).toString();
    } catch (IOException e) {
      return "";
    }
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }

  /** The files a volume shows: every key, or only {@code items} under their paths. */
  private static Map<String, byte[]> selected(Map<String, byte[]> data, List<KeyToPath> items) {
    if (items == null || items.isEmpty()) {
      return data;
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value != null) {
        files.put(item.getPath(), value);
      }
    }
    return files;
  }

  private static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("pod mounts unknown volume " + name));
  }
}
