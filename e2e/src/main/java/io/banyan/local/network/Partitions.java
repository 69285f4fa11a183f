package io.banyan.local.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Network partitions between the pods' loopback addresses, made with iptables, as a cloud zone (or
 * a Kubernetes node, or one pod) cut off from the rest of the network behaves:
 *
 * <ul>
 *   <li>packets between a partitioned side's pod addresses and every other address are
 *       <b>dropped</b>, in both directions — not rejected: a real partition is silence, so a
 *       connection attempt hangs until its connect timeout and an established connection stops
 *       receiving until its read timeout, TCP keep-alive or retransmission limit (the kernel keeps
 *       retransmitting; after the heal the connection resumes, as it would on a real network);
 *   <li>inside a side traffic flows (a master and its replicas of the same zone stay linked: the
 *       data node binds its replication connections to its own address, as Redis binds to its first
 *       bind address, so the source address says which pod a packet comes from);
 *   <li>the operator, the Service forwarders (kube-proxy) and the tests' clients connect from
 *       {@code 127.0.0.1}, outside every side — as the operator and kube-proxy of the other zones
 *       are outside a partitioned zone;
 *   <li>the kubelet is on the pod's own Kubernetes node, so its probes never cross a partition:
 *       packets to and from the {@code nodeLocalPorts} (the pods' probe port; only the kubelet uses
 *       it in local mode) are let through. What a partitioned kubelet cannot do — post status to
 *       the API server, so that after the node controller's 40 s grace the Node turns {@code
 *       Unknown} and its pods {@code Ready=False} — is not emulated: pod status keeps being
 *       reported.
 * </ul>
 *
 * A side is resolved to addresses continually (every {@value #REFRESH_MILLIS} ms): a pod that
 * starts later on a partitioned Kubernetes node is cut off too, as on a real network.
 *
 * <p>The rules live in chains of their own, {@code BANYAN-NET-<a>-<b>} for the pods' {@code
 * 127.a.b.0/24} (one cluster per address range, so concurrent clusters and test JVMs keep to their
 * own chains), jumped to from {@code OUTPUT} (every loopback packet passes {@code OUTPUT} once).
 * They are replaced atomically with {@code iptables-restore --noflush}; {@link #close} removes
 * them, and the constructor removes what a crashed run on the same range left. Thread-safe.
 */
public final class Partitions implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Partitions.class.getName());
  static final long REFRESH_MILLIS = 250;

  /** One pod as the kubelet runs it: {@code namespace/name}, its address, its Kubernetes node. */
  public record Member(String key, String ip, String kubernetesNode) {}

  /**
   * One partitioned side: every pod on the {@code kubernetesNodes}, and the pods named in {@code
   * pods} ({@code namespace/name}) wherever they run.
   *
   * @param name what the user named ({@code us-east-1a}, {@code jf-a-0}); {@code heal NAME} undoes
   *     it
   */
  public record Side(String name, Set<String> kubernetesNodes, Set<String> pods) {
    public Side {
      kubernetesNodes = Set.copyOf(kubernetesNodes);
      pods = Set.copyOf(pods);
    }

    boolean contains(Member m) {
      return pods.contains(m.key()) || kubernetesNodes.contains(m.kubernetesNode());
    }
  }

  private final String chain;
  private final Supplier<List<Member>> members;
  private final Set<Integer> nodeLocalPorts;
  private final Iptables iptables;
  private final Map<String, Side> sides = new LinkedHashMap<>();
  private final ScheduledExecutorService refresher;
  private String applied = "";
  private Map<String, Set<String>> appliedAddresses = Map.of();
  private int declaredSideChains;
  private boolean hooked;
  private boolean closed;

  /**
   * @param network {@code a.b} of the pods' {@code 127.a.b.N} addresses
   * @param members the pods now, with their addresses and Kubernetes nodes
   * @param nodeLocalPorts ports only the pod's own node reaches (the kubelet's probes)
   */
  public Partitions(String network, Supplier<List<Member>> members, Set<Integer> nodeLocalPorts) {
    this.chain = "BANYAN-NET-" + network.replace('.', '-');
    this.members = members;
    this.nodeLocalPorts = Set.copyOf(nodeLocalPorts);
    this.iptables = Iptables.find();
    removeChainsQuietly(); // a crashed run's rules would partition our new pods
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "partitions-" + network);
              t.setDaemon(true);
              return t;
            });
    refresher.scheduleWithFixedDelay(
        this::refreshQuietly, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The chain holding this range's rules. */
  public String chain() {
    return chain;
  }

  /**
   * Cuts {@code side} off from everything else (replacing a side of the same name). In effect when
   * this returns: packets already in flight are the only ones that still arrive.
   */
  public synchronized void partition(Side side) {
    requireOpen();
    sides.put(side.name(), side);
    apply();
  }

  /** Heals one side; false when no side has that name. */
  public synchronized boolean heal(String name) {
    requireOpen();
    boolean removed = sides.remove(name) != null;
    apply();
    return removed;
  }

  /** Heals every side. */
  public synchronized void healAll() {
    requireOpen();
    sides.clear();
    apply();
  }

  /** The partitioned sides, in the order they were made. */
  public synchronized List<Side> sides() {
    return List.copyOf(sides.values());
  }

  /** Each side's pod addresses as last applied (a side whose pods have no address yet: empty). */
  public synchronized Map<String, Set<String>> addresses() {
    return appliedAddresses;
  }

  private Map<String, Set<String>> resolve(List<Member> now) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Side s : sides.values()) {
      Set<String> ips = new TreeSet<>();
      for (Member m : now) {
        if (m.ip() != null && s.contains(m)) {
          ips.add(m.ip());
        }
      }
      out.put(s.name(), ips);
    }
    return out;
  }

  private void refreshQuietly() {
    try {
      synchronized (this) {
        if (!closed && !sides.isEmpty()) {
          apply();
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot refresh the partition rules in " + chain, e);
    }
  }

  /** Writes the rules for the current sides when they differ from what is installed. */
  private void apply() {
    Map<String, Set<String>> bySide = resolve(members.get());
    List<Set<String>> resolved = new ArrayList<>(bySide.values());
    resolved.removeIf(Set::isEmpty);
    String rules = rules(chain, resolved, nodeLocalPorts, declaredSideChains);
    if (rules.equals(applied)) {
      appliedAddresses = bySide;
      return;
    }
    iptables.restore(rules);
    applied = rules;
    appliedAddresses = bySide;
    declaredSideChains = Math.max(declaredSideChains, resolved.size());
    if (!hooked) {
      if (!iptables.test("-C", "OUTPUT", "-j", chain)) {
        iptables.run("-I", "OUTPUT", "1", "-j", chain);
      }
      hooked = true;
    }
  }

  /**
   * The rule set, in iptables-restore's format. For side k: {@code CHAIN} sends packets from a side
   * address to {@code CHAIN-ko} and packets to one to {@code CHAIN-ki}; those return when the other
   * end is in the same side or on a node-local port, and drop otherwise. Side chains that an
   * earlier rule set used ({@code alreadyDeclared}) are declared again so that they are flushed.
   */
  static String rules(
      String chain, List<Set<String>> sides, Set<Integer> nodeLocalPorts, int alreadyDeclared) {
    StringBuilder r = new StringBuilder("*filter\n");
    r.append(':').append(chain).append(" - [0:0]\n");
    int chains = Math.max(sides.size(), alreadyDeclared);
    for (int k = 0; k < chains; k++) {
      r.append(':').append(chain).append('-').append(k).append("o - [0:0]\n");
      r.append(':').append(chain).append('-').append(k).append("i - [0:0]\n");
    }
    Set<Integer> ports = new TreeSet<>(nodeLocalPorts);
    for (int k = 0; k < sides.size(); k++) {
      String out = chain + "-" + k + "o";
      String in = chain + "-" + k + "i";
      Set<String> ips = new LinkedHashSet<>(sides.get(k));
      for (String ip : ips) {
        r.append("-A ").append(chain).append(" -s ").append(ip).append(" -j ").append(out);
        r.append('\n');
        r.append("-A ").append(chain).append(" -d ").append(ip).append(" -j ").append(in);
        r.append('\n');
      }
      for (String ip : ips) {
        r.append("-A ").append(out).append(" -d ").append(ip).append(" -j RETURN\n");
        r.append("-A ").append(in).append(" -s ").append(ip).append(" -j RETURN\n");
      }
      for (int port : ports) {
        r.append("-A ").append(out).append(" -p tcp --sport ").append(port).append(" -j RETURN\n");
        r.append("-A ").append(in).append(" -p tcp --dport ").append(port).append(" -j RETURN\n");
      }
      r.append("-A ").append(out).append(" -j DROP\n");
      r.append("-A ").append(in).append(" -j DROP\n");
    }
    return r.append("COMMIT\n").toString();
  }

  /** The chain names iptables now holds for this range (for tests and clean-up). */
  public List<String> installedChains() {
    List<String> found = new ArrayList<>();
    for (String line : iptables.run("-S").split("\n")) {
      if (line.startsWith("-N " + chain)) {
        String name = line.substring(3).trim();
        if (name.equals(chain) || name.startsWith(chain + "-")) {
          found.add(name);
        }
      }
    }
    return found;
  }

  /** Removes the jump from OUTPUT and this range's chains. */
  private void removeChains() {
    while (iptables.test("-D", "OUTPUT", "-j", chain)) {
      // a crashed run may have hooked the chain more than once
    }
    List<String> chains = installedChains();
    for (String c : chains) {
      iptables.run("-F", c); // chains referencing each other must all be empty before -X
    }
    for (String c : chains) {
      iptables.run("-X", c);
    }
  }

  private void removeChainsQuietly() {
    try {
      removeChains();
    } catch (RuntimeException e) {
      // no iptables or not root: then no run could have left rules either; partition() will say so
      LOG.log(Level.FINE, "no partition rules to clean up in " + chain + ": " + e.getMessage());
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("partitions of " + chain + " are closed");
    }
  }

  /** Heals everything and removes the chains (nothing is left in iptables). */
  @Override
  public void close() {
    refresher.shutdownNow();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      sides.clear();
      appliedAddresses = Map.of();
      if (hooked || !applied.isEmpty()) {
        removeChains();
      }
    }
  }
}
