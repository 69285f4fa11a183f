package io.banyan.local.kubelet;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out one loopback address {@code 127.a.b.N} (N from 2) per pod name and keeps it for the
 * kubelet's lifetime, so a restarted or re-created pod comes back on the same address, as a pod of
 * a StatefulSet keeps its DNS name. Not thread-safe: owned by the kubelet's loop.
 */
final class LoopbackAddresses {
  private static final int FIRST = 2;
  private static final int LAST = 254;
  private final String prefix;
  private final Map<String, String> byPod = new HashMap<>();

  LoopbackAddresses(String network) {
    this.prefix = "127." + network + ".";
  }

  String addressOf(String podKey) {
    return byPod.computeIfAbsent(
        podKey,
        k -> {
          int n = FIRST + byPod.size();
          if (n > LAST) {
            throw new IllegalStateException("no loopback address left in " + prefix + "0/24");
          }
          return prefix + n;
        });
  }
}
