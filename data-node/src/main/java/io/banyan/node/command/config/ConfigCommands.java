package io.banyan.node.command.config;

import io.banyan.node.command.CommandFamily;
import io.banyan.node.command.CommandTable;

/** Placeholder: CONFIG GET/SET/RESETSTAT/REWRITE are being implemented. */
public final class ConfigCommands implements CommandFamily {
  @Override
  public void register(CommandTable table) {}
}
