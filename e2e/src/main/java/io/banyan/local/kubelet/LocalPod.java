package io.banyan.local.kubelet;

/**
 * A snapshot of one pod as the kubelet runs it.
 *
 * @param pid the container's current process id, or -1 when it is not running
 * @param address the data node's {@code ip:port}
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
    int restartCount) {

  public String address() {
    return ip + ":" + port;
  }
}
