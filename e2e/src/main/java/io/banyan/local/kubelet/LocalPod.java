package io.banyan.local.kubelet;

import java.util.Map;

/**
 * A snapshot of one pod as the kubelet runs it.
 *
 * @param pid the container's current process id, or -1 when it is not running
 * @param address the data node's {@code ip:port}
 * @param started the container runs and its startup probe succeeded (or it has none)
 * @param terminating the pod's API object is being deleted
 * @param probeRuns probes run for the current container run, by kind ({@code startup}, {@code
 *     liveness}, {@code readiness})
 * @param lastExitCode how the previous container run ended, or null
 */
public record LocalPod(
    String namespace,
    String name,
    String zone,
    String nodeName,
    String ip,
    int port,
    long pid,
    boolean ready,
    boolean frozen,
    int restartCount,
    boolean started,
    boolean terminating,
    Map<String, Long> probeRuns,
    Integer lastExitCode) {

  public String address() {
    return ip + ":" + port;
  }

  static LocalPod of(PodRuntime rt) {
    return new LocalPod(
        rt.namespace,
        rt.name,
        rt.zone,
        rt.nodeName,
        rt.ip,
        rt.port,
        rt.pid(),
        rt.ready(),
        rt.frozen,
        rt.restartCount,
        rt.started(),
        rt.terminating,
        rt.probes == null ? Map.of() : rt.probes.runs(),
        rt.lastTermination == null ? null : rt.lastTermination.exitCode());
  }

  /** Probes of this kind run so far for the current container run. */
  public long probeRuns(String kind) {
    return probeRuns.getOrDefault(kind, 0L);
  }
}
