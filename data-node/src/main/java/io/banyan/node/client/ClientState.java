package io.banyan.node.client;

/** Whether a client runs its requests now, or holds them until something releases it. */
public enum ClientState {
  NORMAL,
  /** Waiting for data on keys (BLPOP, BZPOPMIN, ...) or for replicas (WAIT). */
  BLOCKED,
  /** Held by CLIENT PAUSE until the pause ends. */
  PAUSED
}
