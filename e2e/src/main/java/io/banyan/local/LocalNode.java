package io.banyan.local;

import io.banyan.local.kubelet.LocalPod;

/** A node of a {@link LocalCluster}: its tree name ({@code jf-a-0}) and the pod running it. */
public record LocalNode(String name, LocalPod pod) {
  public String zone() {
    return pod.zone();
  }

  public String address() {
    return pod.address();
  }

  /** The data node's process id, or -1 while it is not running. */
  public long pid() {
    return pod.pid();
  }
}
