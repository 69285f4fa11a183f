package io.banyan.node.command;

import io.banyan.node.command.acl.AclCommands;
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
import io.banyan.node.persistence.Persistence;
import io.banyan.node.replication.Replication;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every command family of the data node; the one place a new family is added. Families that need a
 * node's persistence or replication are given them here, by the node's assembly.
 */
public final class CommandFamilies {
  private CommandFamilies() {}

  public static List<CommandFamily> all(Persistence persistence, Replication replication) {
    return List.of(
        new ConnectionCommands(),
        new ServerCommands(persistence),
        new ConfigCommands(),
        new AclCommands(),
        new KeyCommands(),
        new StringCommands(),
        new ListCommands(),
        new HashCommands(),
        new SetCommands(),
        new SortedSetCommands(),
        new TransactionCommands(),
        new PubSubCommands(),
        new RdbCommands(persistence),
        new AofCommands(persistence),
        new ReplicationCommands(replication),
        new FenceCommands(replication));
  }

  /**
   * A sealed table with every family registered, then what {@code extra} adds (tests add test-only
   * commands).
   */
  public static CommandTable table(
      Persistence persistence, Replication replication, Consumer<CommandTable> extra) {
    CommandTable t = new CommandTable();
    for (CommandFamily f : all(persistence, replication)) {
      f.register(t);
    }
    extra.accept(t);
    return t.seal();
  }

  /**
   * Every command's metadata, for readers of the table alone (tools, tests of the metadata): no
   * node backs it, so the handlers of commands that need persistence or replication must not run.
   */
  public static CommandTable table() {
    return table(null, null, t -> {});
  }
}
