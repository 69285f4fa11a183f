package io.banyan.local;

import io.banyan.local.api.EmbeddedApiServer;
import io.banyan.local.disruption.DisruptionController;
import io.banyan.local.kubelet.KubeletConfig;
import io.banyan.local.kubelet.LocalPod;
import io.banyan.local.kubelet.ProcessKubelet;
import io.banyan.local.network.Partitions;
import io.banyan.local.nodes.NodeInventory;
import io.banyan.local.ops.NodeOps;
import io.banyan.local.proxy.ServiceForwarders;
import io.banyan.local.scheduler.Scheduler;
import io.banyan.local.volumes.VolumeController;
import io.banyan.operator.OperatorBootstrap;
import io.banyan.operator.api.StoreCluster;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One StoreCluster running on this machine without Kubernetes: the embedded API server with the CRD
 * and the CR, the process-backed kubelet, loopback forwarders for the Services, and the unchanged
 * operator in-process. {@code banyan local up} runs one; the end-to-end tests drive one the same
 * way.
 *
 * <p>Nodes are named as in the CR status ({@code jf-a-0}); their pods are {@code <cluster>-<node>}.
 * Thread-safe as far as its parts are.
 */
public final class LocalCluster implements AutoCloseable {
  /**
   * Where and how to run.
   *
   * @param repoRoot the repository (for {@code crds/} and {@code data-node/bin/banyan-node})
   * @param dataDir this cluster's directory: pod dirs, logs, volume dirs
   * @param network the pods' addresses are {@code 127.<network>.N}
   * @param basePort the first Service forwarder port ({@code <c>-rw})
   * @param startOperator false to run without the operator (objects are then made by hand)
   * @param nodes the Nodes pods are scheduled onto (independent of the StoreCluster, as a real
   *     cluster's are)
   */
  public record Options(
      Path repoRoot,
      Path dataDir,
      String network,
      int basePort,
      String namespace,
      boolean startOperator,
      NodeInventory nodes) {

    /** With the default inventory: three cloud zones {@code us-east-1a..c}, three nodes each. */
    public Options(
        Path repoRoot,
        Path dataDir,
        String network,
        int basePort,
        String namespace,
        boolean startOperator) {
      this(
          repoRoot,
          dataDir,
          network,
          basePort,
          namespace,
          startOperator,
          NodeInventory.cloudDefault());
    }

    public Options {
      if (nodes == null) {
        throw new IllegalArgumentException("nodes: a node inventory is required");
      }
    }
  }

  private final StoreCluster cluster;
  private final Options options;
  private final EmbeddedApiServer api;
  private final ProcessKubelet kubelet;
  private final Scheduler scheduler;
  private final DisruptionController disruption;
  private final VolumeController volumes;
  private final ServiceForwarders forwarders;
  private final KubernetesClient kubectl;
  private final NodeOps nodeOps;
  private final Partitions partitions;
  private final String generatedPassword;
  private AutoCloseable operator;
  private String operatorProblem;

  private LocalCluster(StoreCluster cluster, Options options) {
    this.cluster = cluster;
    this.options = options;
    this.api = EmbeddedApiServer.start();
    boolean started = false;
    try {
      api.apply(options.repoRoot().resolve("crds/storeclusters.banyan.io-v1.yml"));
      this.generatedPassword = ensureAuthSecret();
      this.kubelet =
          new ProcessKubelet(
                  client(),
                  KubeletConfig.of(
                          options.repoRoot().resolve("data-node/bin/banyan-node"),
                          options.dataDir(),
                          options.network())
                      .withNodes(options.nodes()))
              .start();
      this.scheduler = new Scheduler(client()).start();
      this.disruption = new DisruptionController(client()).start();
      client().resource(VolumeController.defaultClass()).create();
      this.volumes = new VolumeController(client()).start();
      this.kubectl = api.clientWithoutRetries();
      this.nodeOps = new NodeOps(kubectl, NodeOps.KUBECTL_RETRY);
      this.forwarders =
          new ServiceForwarders(client(), "127.0.0.1", options.basePort())
              .reserve(serviceNames())
              .start();
      this.partitions =
          new Partitions(
              options.network(),
              this::networkMembers,
              // the kubelet's probes (httpGet on the health port) come from the pod's own node
              java.util.Set.of(io.banyan.operator.model.ConfigRenderer.HTTP_PORT));
      started = true;
    } finally {
      if (!started) {
        api.close();
      }
    }
  }

  /** Starts everything and creates the CR; the operator takes it from there. */
  public static LocalCluster start(StoreCluster cluster, Options options) {
    cluster.getMetadata().setNamespace(options.namespace());
    LocalCluster local = new LocalCluster(cluster, options);
    try {
      if (options.startOperator()) {
        local.startOperator();
      }
      local.client().resource(cluster).create();
      return local;
    } catch (RuntimeException e) {
      local.close();
      throw e;
    }
  }

  /** Reads a StoreCluster from a YAML file. */
  public static StoreCluster load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, StoreCluster.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Starts the operator (again, after {@link #stopOperator}). When the operator cannot run yet
   * ({@code OperatorBootstrap} still a stub), records why instead of failing: see {@link
   * #operatorProblem()}.
   */
  public synchronized boolean startOperator() {
    if (operator != null) {
      return true;
    }
    try {
      operator = OperatorBootstrap.start(client());
      operatorProblem = null;
      return true;
    } catch (UnsupportedOperationException e) {
      operatorProblem = "the operator is not available: " + e.getMessage();
      return false;
    }
  }

  /** Stops the operator as if its process died; the data nodes keep running. */
  public synchronized void stopOperator() {
    if (operator != null) {
      try {
        operator.close();
      } catch (Exception e) {
        throw new IllegalStateException("stopping the operator failed", e);
      } finally {
        operator = null;
      }
    }
  }

  public synchronized boolean operatorRunning() {
    return operator != null;
  }

  /** Why the operator is not running, if it could not be started. */
  public synchronized Optional<String> operatorProblem() {
    return Optional.ofNullable(operatorProblem);
  }

  public KubernetesClient client() {
    return api.client();
  }

  public EmbeddedApiServer api() {
    return api;
  }

  public ProcessKubelet kubelet() {
    return kubelet;
  }

  public ServiceForwarders forwarders() {
    return forwarders;
  }

  public String name() {
    return cluster.getMetadata().getName();
  }

  public String namespace() {
    return options.namespace();
  }

  /**
   * The default user's password, as clients get it in Kubernetes: from the Secret {@code
   * spec.auth.secretName} names or, without one, from {@code <cluster>-auth} that the operator
   * generates on its first round (waited for up to {@code atMost}); empty when it did not appear.
   */
  public Optional<String> password(Duration atMost) {
    var ref =
        io.banyan.operator.model.AuthObjects.defaultPassword(
            cluster.getSpec(), cluster.getMetadata().getName());
    long deadline = System.nanoTime() + atMost.toNanos();
    var secret = client().secrets().inNamespace(options.namespace()).withName(ref.secretName);
    while (true) {
      var s = secret.get();
      if (s != null && s.getData() != null && s.getData().get(ref.key) != null) {
        return Optional.of(
            new String(
                Base64.getDecoder().decode(s.getData().get(ref.key)), StandardCharsets.UTF_8));
      }
      if (System.nanoTime() > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(100); // polling the API for the operator's first round, as kubectl wait does
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** The password put in the auth Secret when local mode had to create it. */
  public Optional<String> generatedPassword() {
    return Optional.ofNullable(generatedPassword);
  }

  /** The CR as the API holds it now (status included). */
  public StoreCluster storeCluster() {
    return client().resources(StoreCluster.class).inNamespace(namespace()).withName(name()).get();
  }

  /**
   * Endpoint name → {@code host:port}: {@code rw}, {@code ro}, {@code ro-<zone>} (the Service name
   * without {@code <cluster>-}). Addresses are fixed from the start, even before the operator has
   * created the Services.
   */
  public Map<String, String> endpoints() {
    Map<String, String> all = new LinkedHashMap<>();
    for (String service : serviceNames()) {
      forwarders
          .plannedAddress(service)
          .ifPresent(a -> all.put(service.substring(name().length() + 1), hostPort(a)));
    }
    return all;
  }

  /** This cluster's pods as the kubelet runs them, with their node names. */
  public List<LocalNode> nodes() {
    String prefix = name() + "-";
    List<LocalNode> nodes = new ArrayList<>();
    for (LocalPod pod : kubelet.pods()) {
      if (pod.namespace().equals(namespace()) && pod.name().startsWith(prefix)) {
        nodes.add(new LocalNode(pod.name().substring(prefix.length()), pod));
      }
    }
    return nodes;
  }

  /** SIGKILLs a node's data node (the kubelet restarts it). Returns the killed pid. */
  public long kill(String node) {
    return kubelet.kill(namespace(), podName(node));
  }

  public void freeze(String node) {
    kubelet.freeze(namespace(), podName(node));
  }

  public void thaw(String node) {
    kubelet.thaw(namespace(), podName(node));
  }

  public void stopZone(String zone) {
    requireZone(zone);
    kubelet.stopZone(zone);
  }

  public void startZone(String zone) {
    requireZone(zone);
    kubelet.startZone(zone);
  }

  /**
   * Cuts {@code target} off the network (see {@link Partitions}): a cloud zone of the node
   * inventory ({@code us-east-1a}), a StoreCluster zone ({@code jf-a}: the cloud zones where its
   * pods run, as {@link #stopZone} takes them), a Kubernetes node ({@code node-us-east-1a-1}), or a
   * data node ({@code jf-a-0}) or pod. Its processes keep running; packets between its pods and
   * everything else are dropped until {@link #heal}. Returns the side's pod addresses now.
   */
  public java.util.Set<String> partition(String target) {
    Partitions.Side side = side(target);
    partitions.partition(side);
    return partitions.addresses().getOrDefault(side.name(), java.util.Set.of());
  }

  /** Heals one partition made by {@link #partition} (same target name); false if there was none. */
  public boolean heal(String target) {
    return partitions.heal(target);
  }

  /** Heals every partition. */
  public void healAll() {
    partitions.healAll();
  }

  /** The partitions in effect: target → its pods' addresses. */
  public Map<String, java.util.Set<String>> partitions() {
    return partitions.addresses();
  }

  /** The iptables side of partitions (chain names), for tests. */
  public Partitions network() {
    return partitions;
  }

  private Partitions.Side side(String target) {
    NodeInventory inventory = kubelet.inventory();
    Map<String, String> zoneOfNode = new LinkedHashMap<>();
    for (var n : inventory.nodes()) {
      zoneOfNode.put(
          n.getMetadata().getName(), n.getMetadata().getLabels().get(NodeInventory.ZONE_LABEL));
    }
    java.util.Set<String> cloudZones = new java.util.TreeSet<>();
    if (inventory.zones().contains(target)) {
      cloudZones.add(target);
    } else if (cluster.getSpec().zones.stream().anyMatch(z -> z.name.equals(target))) {
      for (LocalPod p : kubelet.pods()) {
        if (p.namespace().equals(namespace()) && p.zone().equals(target)) {
          String z = zoneOfNode.get(p.nodeName());
          if (z != null) {
            cloudZones.add(z);
          }
        }
      }
      if (cloudZones.isEmpty()) {
        throw new IllegalArgumentException(
            "zone '"
                + target
                + "' has no pods on a Kubernetes node yet; name a cloud zone: "
                + inventory.zones());
      }
    } else if (inventory.contains(target)) {
      return new Partitions.Side(target, java.util.Set.of(target), java.util.Set.of());
    } else {
      String pod;
      try {
        pod = podName(target);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'"
                + target
                + "' is not a cloud zone "
                + inventory.zones()
                + ", a zone of the StoreCluster, a Kubernetes node, nor a running node ("
                + e.getMessage()
                + ")");
      }
      return new Partitions.Side(
          target, java.util.Set.of(), java.util.Set.of(namespace() + "/" + pod));
    }
    java.util.Set<String> nodes = new java.util.TreeSet<>();
    zoneOfNode.forEach(
        (node, zone) -> {
          if (cloudZones.contains(zone)) {
            nodes.add(node);
          }
        });
    return new Partitions.Side(target, nodes, java.util.Set.of());
  }

  private List<Partitions.Member> networkMembers() {
    List<Partitions.Member> members = new ArrayList<>();
    for (LocalPod p : kubelet.pods()) {
      members.add(new Partitions.Member(p.namespace() + "/" + p.name(), p.ip(), p.nodeName()));
    }
    return members;
  }

  /**
   * Evicts a node's pod through the eviction subresource (PodDisruptionBudgets apply); accepts a
   * node name ({@code jf-a-0}) or a pod name.
   */
  public NodeOps.Eviction evict(String node) {
    String prefix = name() + "-";
    String pod = node.startsWith(prefix) ? node : prefix + node;
    if (client().pods().inNamespace(namespace()).withName(pod).get() == null) {
      throw new IllegalArgumentException("no pod '" + pod + "' in namespace " + namespace());
    }
    return nodeOps.evict(namespace(), pod);
  }

  /** {@code kubectl drain}: cordon, then evict the Kubernetes node's pods one by one. */
  public void drain(String kubernetesNode, Duration timeout, boolean force, Consumer<String> out)
      throws InterruptedException {
    nodeOps.drain(kubernetesNode, timeout, force, out);
  }

  /** {@code kubectl cordon/uncordon}; false when the node already was so. */
  public boolean cordon(String kubernetesNode, boolean cordoned) {
    return nodeOps.cordon(kubernetesNode, cordoned);
  }

  /** The pod of a node; accepts a node name ({@code jf-a-0}) or a pod name. */
  public String podName(String node) {
    String prefix = name() + "-";
    String pod = node.startsWith(prefix) ? node : prefix + node;
    if (kubelet.pod(namespace(), pod).isEmpty()) {
      throw new IllegalArgumentException(
          "no node '"
              + node
              + "' is running; known: "
              + nodes().stream().map(LocalNode::name).toList());
    }
    return pod;
  }

  private void requireZone(String zone) {
    if (cluster.getSpec().zones.stream().noneMatch(z -> z.name.equals(zone))) {
      throw new IllegalArgumentException(
          "no zone '"
              + zone
              + "'; zones: "
              + cluster.getSpec().zones.stream().map(z -> z.name).toList());
    }
  }

  private List<String> serviceNames() {
    List<String> names = new ArrayList<>(List.of(name() + "-rw", name() + "-ro"));
    cluster.getSpec().zones.stream()
        .map(z -> z.name)
        .sorted()
        .forEach(z -> names.add(name() + "-ro-" + z));
    return names;
  }

  private String ensureAuthSecret() {
    var auth = cluster.getSpec().auth;
    if (auth == null || auth.secretName == null) {
      return null; // the operator generates <cluster>-auth, as it does in Kubernetes
    }
    var secrets = client().secrets().inNamespace(options.namespace());
    if (secrets.withName(auth.secretName).get() != null) {
      return null;
    }
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    secrets
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(auth.secretName)
                .endMetadata()
                .withData(
                    Map.of(
                        auth.key == null ? "password" : auth.key,
                        Base64.getEncoder()
                            .encodeToString(password.getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
    return password;
  }

  static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** Stops the operator, the forwarders, every data node, then the API server. */
  @Override
  public void close() {
    try {
      if (partitions != null) {
        partitions.close(); // first: the rules outlive the JVM, nothing else of ours does
      }
    } finally {
      closeRest();
    }
  }

  private void closeRest() {
    try {
      stopOperator();
    } finally {
      try {
        if (forwarders != null) {
          forwarders.close();
        }
      } finally {
        try {
          if (scheduler != null) {
            scheduler.close();
          }
          if (disruption != null) {
            disruption.close();
          }
          if (volumes != null) {
            volumes.close();
          }
          if (kubectl != null) {
            kubectl.close();
          }
          if (kubelet != null) {
            kubelet.close();
          }
        } finally {
          api.close();
        }
      }
    }
  }
}
