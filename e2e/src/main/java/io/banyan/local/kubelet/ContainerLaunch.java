package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a pod's (single) container into a local command line, the way a container runtime would
 * have run it: environment resolved, {@code $(VAR)} references in arguments expanded, paths under a
 * volume's mount path pointed at the volume's local directory, and the image's {@code banyan-node}
 * command mapped to the repository's launcher. A data node is told to listen on the pod's own
 * loopback address ({@code --bind <ip> --port <port>}, appended last so they override the
 * configuration file, as redis-server's command line does).
 */
final class ContainerLaunch {
  static final String DATA_NODE_COMMAND = "banyan-node";
  static final int DEFAULT_PORT = 6379;
  private static final Pattern VAR_REF =
      Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  /**
   * What to run for a container, and the context its probes and hooks run in.
   *
   * @param mounts mount path → local directory, most specific first ({@link #localize})
   */
  record Plan(
      List<String> command,
      Map<String, String> env,
      Map<String, Path> mounts,
      Path workDir,
      Path log,
      int port) {
    /** A command of a probe or hook: {@code $(VAR)} expanded, mount paths localized. */
    List<String> localized(List<String> args) {
      return args.stream().map(a -> localize(expand(a, env), mounts)).toList();
    }
  }

  private final KubernetesClient client;
  private final PodVolumes volumes;
  private final KubeletConfig config;

  ContainerLaunch(KubernetesClient client, PodVolumes volumes, KubeletConfig config) {
    this.client = client;
    this.volumes = volumes;
    this.config = config;
  }

  Plan plan(Pod pod, String podIp) {
    Container c = container(pod);
    Map<String, String> env = environment(pod, c, podIp);
    Map<String, Path> mounts =
        volumes.materialize(pod, c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts());
    List<String> command = new ArrayList<>();
    List<String> declared = c.getCommand() == null ? List.of() : c.getCommand();
    if (declared.isEmpty()) {
      throw new IllegalStateException(
          "container " + c.getName() + " has no command; local mode has no image entrypoints");
    }
    boolean dataNode = declared.get(0).equals(DATA_NODE_COMMAND);
    command.add(dataNode ? config.nodeLauncher().toString() : declared.get(0));
    declared.stream().skip(1).map(a -> localize(expand(a, env), mounts)).forEach(command::add);
    if (c.getArgs() != null) {
      c.getArgs().stream().map(a -> localize(expand(a, env), mounts)).forEach(command::add);
    }
    int port = port(c);
    if (dataNode) {
      command.addAll(List.of("--bind", podIp));
      // A TLS-only node (its certificate on the command line) has "port 0" and its tls-port in
      // its own config: a plaintext port given here would open what the pod spec keeps shut.
      if (c.getArgs() == null || !c.getArgs().contains("--tls-cert-file")) {
        command.addAll(List.of("--port", Integer.toString(port)));
      }
    }
    Path podDir = volumes.podDir(pod);
    return new Plan(command, env, mounts, podDir, podDir.resolve("container.log"), port);
  }

  /** Refreshes the running container's ConfigMap and Secret volumes; the ones that changed. */
  List<String> refreshVolumes(Pod pod) {
    Container c = container(pod);
    return volumes.refresh(pod, c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts());
  }

  static Container container(Pod pod) {
    List<Container> containers = pod.getSpec().getContainers();
    if (containers == null || containers.size() != 1) {
      throw new IllegalStateException("local mode runs pods with exactly one container");
    }
    return containers.get(0);
  }

  /**
   * The container's client port: the one named {@code redis} (the data node's; its pods also
   * declare {@code http}), else the first declared, else 6379.
   */
  static int port(Container c) {
    List<ContainerPort> ports = c.getPorts();
    if (ports == null || ports.isEmpty()) {
      return DEFAULT_PORT;
    }
    return ports.stream()
        .filter(p -> "redis".equals(p.getName()))
        .findFirst()
        .orElse(ports.get(0))
        .getContainerPort();
  }

  private Map<String, String> environment(Pod pod, Container c, String podIp) {
    Map<String, String> env = new LinkedHashMap<>();
    if (c.getEnv() == null) {
      return env;
    }
    for (EnvVar var : c.getEnv()) {
      String value =
          var.getValueFrom() != null
              ? resolve(pod, var.getValueFrom(), podIp)
              : expand(var.getValue() == null ? "" : var.getValue(), env);
      env.put(var.getName(), value);
    }
    return env;
  }

  private String resolve(Pod pod, EnvVarSource source, String podIp) {
    String ns = pod.getMetadata().getNamespace();
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      Secret secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
      byte[] value = secret == null ? null : PodVolumes.secretData(secret).get(ref.getKey());
      if (value == null) {
        throw new IllegalStateException(
            "secret key " + ns + "/" + ref.getName() + "[" + ref.getKey() + "] not found");
      }
      return new String(value, StandardCharsets.UTF_8);
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      var cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
      String value = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
      if (value == null) {
        throw new IllegalStateException(
            "config map key " + ns + "/" + ref.getName() + "[" + ref.getKey() + "] not found");
      }
      return value;
    }
    if (source.getFieldRef() != null) {
      return switch (source.getFieldRef().getFieldPath()) {
        case "status.podIP" -> podIp;
        case "status.hostIP" -> config.hostIp();
        case "metadata.name" -> pod.getMetadata().getName();
        case "metadata.namespace" -> ns;
        case "spec.nodeName" -> pod.getSpec().getNodeName();
        default ->
            throw new IllegalStateException(
                "unsupported fieldRef " + source.getFieldRef().getFieldPath());
      };
    }
    if (source.getResourceFieldRef() != null) {
      return ResourceFieldRefs.resolve(pod, source.getResourceFieldRef(), NodeRegistry.MACHINE);
    }
    throw new IllegalStateException("unsupported env source " + source);
  }

  /** Kubernetes' {@code $(VAR)} expansion: unknown references stay as written; {@code $$} → $. */
  static String expand(String text, Map<String, String> env) {
    Matcher m = VAR_REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) == null) {
        replacement = "$";
      } else {
        replacement = env.getOrDefault(m.group(1), m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Points an argument that is a path under a mount path at the volume's local directory. */
  static String localize(String arg, Map<String, Path> mounts) {
    for (var e : mounts.entrySet()) {
      String mountPath = e.getKey();
      if (arg.equals(mountPath)) {
        return e.getValue().toString();
      }
      String prefix = mountPath.endsWith("/") ? mountPath : mountPath + "/";
      if (arg.startsWith(prefix)) {
        return e.getValue().resolve(arg.substring(prefix.length())).toString();
      }
    }
    return arg;
  }
}
