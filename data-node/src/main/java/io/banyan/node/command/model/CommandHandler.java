package io.banyan.node.command.model;

import io.banyan.node.client.Client;

/** Executes one command for a client; writes exactly one reply unless the client blocks. */
@FunctionalInterface
public interface CommandHandler {
  /**
   * @param client the calling client: its reply writer, selected database and session state
   * @param argv the command name followed by its arguments, as received
   */
  void execute(Client client, byte[][] argv);
}
