package io.banyan.local.kubelet;

import io.banyan.local.nodes.NodeInventory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a {@link ProcessKubelet}.
 *
 * @param nodeLauncher the data node's launcher ({@code data-node/bin/banyan-node}); a container
 *     whose command is {@code banyan-node} runs it
 * @param stateDir where pod directories, logs and persistent-volume directories live; volume
 *     directories outlive pods so a re-created pod finds its data
 * @param network the middle two octets {@code a.b} of the pods' addresses {@code 127.a.b.N}, so
 *     concurrent runs do not collide
 * @param nodes the Nodes this kubelet registers and runs pods for
 * @param parallelStarts how many containers may be starting (launched, first port not yet open) at
 *     once; the others wait as ContainerCreating (default: this machine's processor count)
 * @param restartBackoff the first delay before restarting an exited container (doubles on each
 *     quick exit, up to 8 times this; the real kubelet's 10 s → 5 min, scaled down)
 * @param terminationGrace how long {@link ProcessKubelet#close} gives processes between SIGTERM and
 *     SIGKILL when the harness itself shuts down (pod deletion uses the pod's grace period)
 * @param volumeRefresh how often running pods' ConfigMap and Secret volumes are read again and
 *     swapped in place when their object changed (the real kubelet: its sync period plus its object
 *     cache's TTL, about a minute; scaled down, so tests wait seconds for a rotation)
 */
public record KubeletConfig(
    Path nodeLauncher,
    Path stateDir,
    String network,
    NodeInventory nodes,
    int parallelStarts,
    Duration restartBackoff,
    Duration terminationGrace,
    Duration volumeRefresh) {

  /** The default {@link #volumeRefresh}. */
  public static final Duration VOLUME_REFRESH = Duration.ofSeconds(2);

  public KubeletConfig {
    if (parallelStarts < 1) {
      throw new IllegalArgumentException(
          "parallelStarts must be at least 1, got " + parallelStarts);
    }
    if (!network.matches("\\d{1,3}\\.\\d{1,3}")) {
      throw new IllegalArgumentException("network must be 'a.b' (127.a.b.N), got " + network);
    }
  }

  /**
   * Defaults: the cloud inventory, one starting container per processor, 0.5 s first restart
   * backoff, 5 s shutdown grace, volumes refreshed every {@link #VOLUME_REFRESH}.
   */
  public static KubeletConfig of(Path nodeLauncher, Path stateDir, String network) {
    return new KubeletConfig(
        nodeLauncher,
        stateDir,
        network,
        NodeInventory.cloudDefault(),
        Runtime.getRuntime().availableProcessors(),
        Duration.ofMillis(500),
        Duration.ofSeconds(5),
        VOLUME_REFRESH);
  }

  public KubeletConfig withVolumeRefresh(Duration period) {
    return new KubeletConfig(
        nodeLauncher,
        stateDir,
        network,
        nodes,
        parallelStarts,
        restartBackoff,
        terminationGrace,
        period);
  }

  public KubeletConfig withNodes(NodeInventory inventory) {
    return new KubeletConfig(
        nodeLauncher,
        stateDir,
        network,
        inventory,
        parallelStarts,
        restartBackoff,
        terminationGrace,
        volumeRefresh);
  }

  /** The address of the pretend nodes the pods run on (reported as hostIP). */
  public String hostIp() {
    return "127." + network + ".1";
  }
}
