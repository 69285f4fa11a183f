package io.banyan.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Writes directly to every node, all the time, the way a client that still holds a connection to an
 * old master does (kube-proxy keeps established connections; a client in a partitioned zone keeps
 * talking to its own zone — each probe connects from its node's own address, so it is on that
 * node's side of any partition): {@code SET} then {@code WAIT quorum}, one thread per node so that
 * a node that hangs (partitioned, frozen) does not slow the probes of the others. Every write a
 * node acknowledges (WAIT reached the quorum) is recorded with the time the reply arrived.
 *
 * <p>Two measures of split brain (I3: one writable master per epoch):
 *
 * <ul>
 *   <li>{@link #splitBrainMoments}: 100 ms slots in which two different nodes acknowledged writes;
 *   <li>{@link #longestOverlapMillis}: how long a node went on acknowledging after another node's
 *       first acknowledgement that came later than its own first one — the "the old master
 *       acknowledged writes for 2.9 s after the new master's first write".
 * </ul>
 *
 * A planned switchover back and forth (X, Y, later X again) is not split brain but shows as an
 * overlap: stop the detector before such a move.
 */
final class SplitBrainDetector implements AutoCloseable {
  static final long SLOT_NANOS = 100_000_000L;

  /** One acknowledged write: the node and {@link System#nanoTime} when WAIT's reply arrived. */
  record Ack(String node, long atNanos) {}

  private final Supplier<Map<String, HostAndPort>> nodes;
  private final Supplier<List<String>> passwords;
  private final int quorum;
  private final String prefix;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Ack> acks = new CopyOnWriteArrayList<>();
  private final Map<String, Thread> probes = new ConcurrentHashMap<>();
  private final Thread watcher;

  /**
   * @param nodes node name → its address now (asked again as nodes come and go)
   * @param quorum the WAIT count a client asks for
   */
  SplitBrainDetector(Supplier<Map<String, HostAndPort>> nodes, int quorum, String prefix) {
    this(nodes, quorum, prefix, List::of);
  }

  /**
   * @param passwords tried in order on each new connection (see {@link AckedWriter#authenticate});
   *     none: no AUTH
   */
  SplitBrainDetector(
      Supplier<Map<String, HostAndPort>> nodes,
      int quorum,
      String prefix,
      Supplier<List<String>> passwords) {
    this.passwords = passwords;
    this.nodes = nodes;
    this.quorum = quorum;
    this.prefix = prefix;
    this.watcher = Thread.ofPlatform().daemon().name("split-brain-" + prefix).start(this::watch);
  }

  /** Starts a probe thread for every node that has none yet. */
  private void watch() {
    while (running.get()) {
      try {
        nodes
            .get()
            .forEach(
                (name, address) ->
                    probes.computeIfAbsent(
                        name,
                        n ->
                            Thread.ofPlatform()
                                .daemon()
                                .name("probe-" + prefix + "-" + n)
                                .start(() -> probe(n))));
      } catch (RuntimeException e) {
        // the harness is between states; ask again
      }
      pause(500);
    }
  }

  private void probe(String node) {
    long i = 0;
    Jedis jedis = null;
    while (running.get()) {
      try {
        if (jedis == null) {
          HostAndPort address = nodes.get().get(node);
          if (address == null) {
            pause(200);
            continue;
          }
          jedis = new Jedis(besideTheNode(address), DefaultJedisClientConfig.builder().build());
          AckedWriter.authenticate(jedis, passwords.get());
        }
        jedis.set(prefix + ":" + node + ":" + i++, "p");
        if (jedis.waitReplicas(quorum, 500) >= quorum) {
          acks.add(new Ack(node, System.nanoTime()));
        }
        pause(20);
      } catch (RuntimeException e) {
        // READONLY, FENCED, NOREPLICAS, a closed or hanging connection: not an acknowledgement
        if (jedis != null) {
          jedis.close();
          jedis = null;
        }
        pause(50);
      }
    }
    if (jedis != null) {
      jedis.close();
    }
  }

  /**
   * Connections from the node's own address: the probe stands for a client in the node's zone, on
   * the same side of any partition (a loopback connection from a pod address to itself is never cut
   * off), so the detector sees what a cut-off master acknowledges to its zone's clients. Short
   * timeouts: a frozen node hangs, and a probe must not miss acknowledgements.
   */
  private static redis.clients.jedis.JedisSocketFactory besideTheNode(HostAndPort node) {
    return () -> {
      java.net.Socket socket = new java.net.Socket();
      try {
        socket.bind(new java.net.InetSocketAddress(node.getHost(), 0));
        socket.setTcpNoDelay(true);
        socket.connect(new java.net.InetSocketAddress(node.getHost(), node.getPort()), 500);
        socket.setSoTimeout(1500);
        return socket;
      } catch (java.io.IOException e) {
        try {
          socket.close();
        } catch (java.io.IOException ignored) {
          // already failing
        }
        throw new redis.clients.jedis.exceptions.JedisConnectionException(e);
      }
    };
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // paces the probes; not a synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Acknowledged writes so far, in time order. */
  List<Ack> acks() {
    List<Ack> sorted = new ArrayList<>(acks);
    sorted.sort(Comparator.comparingLong(Ack::atNanos));
    return sorted;
  }

  /** Nodes that acknowledged a write after {@code nanos} ({@link System#nanoTime}). */
  List<String> acknowledgingSince(long nanos) {
    return acks().stream().filter(a -> a.atNanos() > nanos).map(Ack::node).distinct().toList();
  }

  /** 100 ms slots in which two or more different nodes acknowledged writes. */
  long splitBrainMoments() {
    Map<Long, String> firstNodeOfSlot = new HashMap<>();
    java.util.Set<Long> split = new java.util.HashSet<>();
    for (Ack a : acks()) {
      long slot = Math.floorDiv(a.atNanos(), SLOT_NANOS);
      String first = firstNodeOfSlot.putIfAbsent(slot, a.node());
      if (first != null && !first.equals(a.node())) {
        split.add(slot);
      }
    }
    return split.size();
  }

  /**
   * The longest time a node kept acknowledging after another node, which started acknowledging
   * later, acknowledged its first write (0 when acknowledgements never overlap).
   */
  long longestOverlapMillis() {
    Map<String, Long> first = new HashMap<>();
    Map<String, Long> last = new HashMap<>();
    for (Ack a : acks()) {
      first.putIfAbsent(a.node(), a.atNanos());
      last.put(a.node(), a.atNanos());
    }
    long longest = 0;
    for (String older : first.keySet()) {
      for (String newer : first.keySet()) {
        if (!older.equals(newer) && first.get(newer) > first.get(older)) {
          longest = Math.max(longest, last.get(older) - first.get(newer));
        }
      }
    }
    return longest / 1_000_000;
  }

  /** Direct writes {@code node} acknowledged after {@code nanos} ({@link System#nanoTime}). */
  long acknowledgedBy(String node, long nanos) {
    return acks().stream().filter(a -> a.node().equals(node) && a.atNanos() > nanos).count();
  }

  /** Stops probing, then asserts that no two nodes ever acknowledged writes at the same time. */
  void closeAndAssertNoSplitBrain() throws InterruptedException {
    close();
    org.assertj.core.api.Assertions.assertThat(splitBrainMoments())
        .as("100 ms slots in which two nodes acknowledged writes; %s", describe())
        .isZero();
    org.assertj.core.api.Assertions.assertThat(longestOverlapMillis()).as(describe()).isZero();
  }

  /** For a failing assertion: who acknowledged from when to when. */
  String describe() {
    Map<String, long[]> spans = new java.util.LinkedHashMap<>();
    for (Ack a : acks()) {
      spans.computeIfAbsent(a.node(), n -> new long[] {a.atNanos(), a.atNanos(), 0});
      long[] s = spans.get(a.node());
      s[1] = a.atNanos();
      s[2]++;
    }
    long t0 = spans.values().stream().mapToLong(s -> s[0]).min().orElse(0);
    StringBuilder out = new StringBuilder("acknowledgements by node (ms from the first):");
    spans.forEach(
        (n, s) ->
            out.append(
                String.format(
                    " %s %d acks %d..%d;",
                    n, s[2], (s[0] - t0) / 1_000_000, (s[1] - t0) / 1_000_000)));
    return out.toString();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    watcher.join(10_000);
    for (Thread t : probes.values()) {
      t.join(10_000);
    }
  }
}
