package io.banyan.node.command;

import io.banyan.node.command.config.ConfigCommands;
import io.banyan.node.command.connection.ConnectionCommands;
import io.banyan.node.command.fencing.FenceCommands;
import io.banyan.node.command.hashes.HashCommands;
import io.banyan.node.command.keys.KeyCommands;
import io.banyan.node.command.lists.ListCommands;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.persistence.AofCommands;
import io.banyan.node.command.persistence.RdbCommands;
import io.banyan.node.command.pubsub.PubSubCommands;
import io.banyan.node.command.replication.ReplicationCommands;
import io.banyan.node.command.server.ServerCommands;
import io.banyan.node.command.sets.SetCommands;
import io.banyan.node.command.strings.StringCommands;
import io.banyan.node.command.transactions.TransactionCommands;
import io.banyan.node.command.zsets.SortedSetCommands;
import java.util.List;

/** Every command family of the data node; the one place a new family is added. */
public final class CommandFamilies {
  private CommandFamilies() {}

  public static List<CommandFamily> all() {
    return List.of(
        new ConnectionCommands(),
        new ServerCommands(),
        new ConfigCommands(),
        new KeyCommands(),
        new StringCommands(),
        new ListCommands(),
        new HashCommands(),
        new SetCommands(),
        new SortedSetCommands(),
        new TransactionCommands(),
        new PubSubCommands(),
        new RdbCommands(),
        new AofCommands(),
        new ReplicationCommands(),
        new FenceCommands());
  }

  /** A sealed table with every family registered. */
  public static CommandTable table() {
    CommandTable t = new CommandTable();
    for (CommandFamily f : all()) {
      f.register(t);
    }
    return t.seal();
  }
}
