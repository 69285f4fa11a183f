package io.banyan.local.kubelet;

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
 * @param probePeriod how often readiness is probed
 * @param restartBackoff the first delay before restarting an exited container (doubles on each
 *     quick exit, up to 8 times this)
 * @param terminationGrace how long a deleted pod's process gets between SIGTERM and SIGKILL
 */
public record KubeletConfig(
    Path nodeLauncher,
    Path stateDir,
    String network,
    Duration probePeriod,
    Duration restartBackoff,
    Duration terminationGrace) {

  public KubeletConfig {
    if (!network.matches("\\d{1,3}\\.\\d{1,3}")) {
      throw new IllegalArgumentException("network must be 'a.b' (127.a.b.N), got " + network);
    }
  }

  /** Defaults: 1 s probes, 0.5 s first restart backoff, 5 s termination grace. */
  public static KubeletConfig of(Path nodeLauncher, Path stateDir, String network) {
    return new KubeletConfig(
        nodeLauncher,
        stateDir,
        network,
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        Duration.ofSeconds(5));
  }

  /** The address of the pretend node the pods run on (reported as hostIP). */
  public String hostIp() {
    return "127." + network + ".1";
  }
}
