package io.banyan.node.command.model;

/** A group of related commands (strings, lists, server, ...) that registers itself in the table. */
public interface CommandFamily {
  void register(CommandTable table);
}
