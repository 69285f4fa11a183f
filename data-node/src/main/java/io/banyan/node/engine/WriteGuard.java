package io.banyan.node.engine;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandSpec;

/**
 * Decides whether a command may run given the node's role and health: a read-only replica, a failed
 * background save (MISCONF), too few replicas (NOREPLICAS). Persistence and replication install
 * their own checks; by default everything is allowed.
 */
@FunctionalInterface
public interface WriteGuard {
  /** The error line to refuse the command with, or null to let it run. */
  String refusal(Client client, CommandSpec spec);
}
