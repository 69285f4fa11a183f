package io.banyan.local.nodes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Nodes of local mode, independent of any StoreCluster, as a real cluster has them: by default
 * three cloud zones ({@code us-east-1a}, {@code us-east-1b}, {@code us-east-1c}) of three nodes
 * each, labelled the way cloud providers label theirs ({@code topology.kubernetes.io/zone}, {@code
 * topology.kubernetes.io/region}, {@code kubernetes.io/hostname}, {@code kubernetes.io/os}); or the
 * Node objects of a YAML file. Immutable; the kubelet stand-in registers these Nodes and the
 * scheduler stand-in places pods on them.
 */
public final class NodeInventory {
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  public static final String REGION_LABEL = "topology.kubernetes.io/region";
  public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
  public static final String OS_LABEL = "kubernetes.io/os";
  public static final String ARCH_LABEL = "kubernetes.io/arch";
  public static final String DEFAULT_REGION = "us-east-1";
  public static final List<String> DEFAULT_ZONES =
      List.of("us-east-1a", "us-east-1b", "us-east-1c");
  public static final int DEFAULT_NODES_PER_ZONE = 3;

  private final List<Node> nodes;

  private NodeInventory(List<Node> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a node inventory needs at least one Node");
    }
    Set<String> names = new HashSet<>();
    for (Node n : nodes) {
      if (!names.add(n.getMetadata().getName())) {
        throw new IllegalArgumentException(
            "Node '" + n.getMetadata().getName() + "' is listed twice (metadata.name)");
      }
    }
    this.nodes = List.copyOf(nodes);
  }

  /** Three zones of {@code us-east-1} with three nodes each. */
  public static NodeInventory cloudDefault() {
    return zones(DEFAULT_REGION, DEFAULT_ZONES, DEFAULT_NODES_PER_ZONE);
  }

  /**
   * {@code perZone} nodes {@code node-<zone>-<i>} in each zone, labelled as a cloud provider labels
   * its nodes.
   */
  public static NodeInventory zones(String region, List<String> zones, int perZone) {
    if (perZone < 1) {
      throw new IllegalArgumentException("nodes per zone must be at least 1, got " + perZone);
    }
    List<Node> nodes = new ArrayList<>();
    for (String zone : zones) {
      for (int i = 1; i <= perZone; i++) {
        String name = "node-" + zone + "-" + i;
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(HOSTNAME_LABEL, name);
        labels.put(OS_LABEL, "linux");
        labels.put(ARCH_LABEL, "amd64");
        labels.put(REGION_LABEL, region);
        labels.put(ZONE_LABEL, zone);
        nodes.add(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build());
      }
    }
    return new NodeInventory(nodes);
  }

  /**
   * The Node objects of a YAML or JSON file (one document per Node, several documents, or a {@code
   * List}). Each needs {@code metadata.name}; {@code kubernetes.io/hostname} and {@code
   * kubernetes.io/os} are added when missing, as the kubelet does when it registers its node.
   * Labels, taints and {@code spec.unschedulable} are kept; status is the kubelet's to report.
   */
  public static NodeInventory load(Path file) {
    List<HasMetadata> objects;
    try (InputStream in = Files.newInputStream(file)) {
      Object parsed = Serialization.unmarshal(in);
      objects = flatten(parsed, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read node inventory " + file, e);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException(
          "node inventory " + file + " is not YAML/JSON Kubernetes objects: " + e.getMessage(), e);
    }
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      HasMetadata o = objects.get(i);
      if (!(o instanceof Node node)) {
        throw new IllegalArgumentException(
            file + ": object " + (i + 1) + " is a " + o.getKind() + ", expected kind: Node");
      }
      if (node.getMetadata() == null
          || node.getMetadata().getName() == null
          || node.getMetadata().getName().isBlank()) {
        throw new IllegalArgumentException(file + ": Node " + (i + 1) + " has no metadata.name");
      }
      Node copy = new NodeBuilder(node).withStatus(null).build();
      if (copy.getSpec() == null) {
        copy.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
      }
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put(HOSTNAME_LABEL, copy.getMetadata().getName());
      labels.put(OS_LABEL, "linux");
      if (copy.getMetadata().getLabels() != null) {
        labels.putAll(copy.getMetadata().getLabels());
      }
      copy.getMetadata().setLabels(labels);
      copy.getMetadata().setResourceVersion(null);
      copy.getMetadata().setUid(null);
      nodes.add(copy);
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no Node");
    }
    return new NodeInventory(nodes);
  }

  private static List<HasMetadata> flatten(Object parsed, Path file) {
    List<HasMetadata> out = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      for (Object o : list) {
        out.addAll(flatten(o, file));
      }
    } else if (parsed instanceof io.fabric8.kubernetes.api.model.KubernetesList list) {
      out.addAll(list.getItems());
    } else if (parsed instanceof HasMetadata o) {
      out.add(o);
    } else if (parsed != null) {
      throw new IllegalArgumentException(file + ": not a Kubernetes object: " + parsed);
    }
    return out;
  }

  /** Fresh copies of the Nodes (callers may change them). */
  public List<Node> nodes() {
    return nodes.stream()
        .map(
            n -> {
              Node copy = new NodeBuilder(n).build();
              if (copy.getSpec() == null) {
                copy.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec()); // builders drop empty
              }
              return copy;
            })
        .toList();
  }

  public List<String> names() {
    return nodes.stream().map(n -> n.getMetadata().getName()).toList();
  }

  public boolean contains(String nodeName) {
    return nodes.stream().anyMatch(n -> n.getMetadata().getName().equals(nodeName));
  }

  /** The distinct values of {@code topology.kubernetes.io/zone}, in inventory order. */
  public List<String> zones() {
    return nodes.stream()
        .map(n -> n.getMetadata().getLabels().get(ZONE_LABEL))
        .filter(z -> z != null)
        .distinct()
        .toList();
  }

  @Override
  public String toString() {
    return names().size() + " nodes in zones " + zones();
  }
}
