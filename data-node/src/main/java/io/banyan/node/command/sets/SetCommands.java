package io.banyan.node.command.sets;

import io.banyan.node.command.CommandFamily;
import io.banyan.node.command.CommandTable;

/** Placeholder: this family's commands are being implemented. */
public final class SetCommands implements CommandFamily {
  @Override
  public void register(CommandTable table) {}
}
