package io.banyan.node.command.pubsub;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.pubsub.ChannelName;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PUBSUB CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB and HELP. */
final class PubSubIntrospection {
  private PubSubIntrospection() {}

  private static final String[] HELP = {
    "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CHANNELS [<pattern>]",
    "    List the channels that have at least one subscriber, optionally only those matching",
    "    <pattern> (default: '*').",
    "NUMPAT",
    "    Count the distinct patterns clients are subscribed to.",
    "NUMSUB [<channel> ...]",
    "    For each channel, count its direct subscribers (pattern subscriptions are not counted).",
    "SHARDCHANNELS [<pattern>]",
    "    List the shard channels that have at least one subscriber, optionally only those",
    "    matching <pattern> (default: '*').",
    "SHARDNUMSUB [<shardchannel> ...]",
    "    For each shard channel, count its subscribers.",
    "HELP",
    "    Print this help."
  };

  static void register(CommandTable t) {
    t.define("pubsub", -2, "", 0, 0, 0, "@slow")
        .doc("pubsub", "2.8.0", "Depends on subcommand.", "Container for pub/sub introspection.");
    t.define("pubsub|help", 2, "loading stale", 0, 0, 0, "@slow")
        .doc("pubsub", "6.2.0", "O(1)", "Describes the PUBSUB subcommands.")
        .handler(PubSubIntrospection::help);
    t.define("pubsub|channels", -2, "pubsub loading stale", 0, 0, 0, "@pubsub @slow")
        .doc(
            "pubsub",
            "2.8.0",
            "O(N) where N is the number of active channels, and assuming"
                + " constant time pattern matching (relatively short channels and patterns)",
            "Lists the channels with subscribers, optionally matching a pattern.")
        .handler((c, argv) -> channels(c, argv, c.engine().pubsub().channels()));
    t.define("pubsub|shardchannels", -2, "pubsub loading stale", 0, 0, 0, "@pubsub @slow")
        .doc(
            "pubsub",
            "7.0.0",
            "O(N) where N is the number of active shard channels, and assuming"
                + " constant time pattern matching (relatively short shard channels).",
            "Lists the shard channels with subscribers, optionally matching a pattern.")
        .handler((c, argv) -> channels(c, argv, c.engine().pubsub().shardChannels()));
    t.define("pubsub|numsub", -2, "pubsub loading stale", 0, 0, 0, "@pubsub @slow")
        .doc(
            "pubsub",
            "2.8.0",
            "O(N) for the NUMSUB subcommand, where N is the number of requested" + " channels",
            "Counts the direct subscribers of each given channel.")
        .handler((c, argv) -> numsub(c, argv, c.engine().pubsub().channels()));
    t.define("pubsub|shardnumsub", -2, "pubsub loading stale", 0, 0, 0, "@pubsub @slow")
        .doc(
            "pubsub",
            "7.0.0",
            "O(N) for the SHARDNUMSUB subcommand, where N is the number of"
                + " requested shard channels",
            "Counts the subscribers of each given shard channel.")
        .handler((c, argv) -> numsub(c, argv, c.engine().pubsub().shardChannels()));
    t.define("pubsub|numpat", 2, "pubsub loading stale", 0, 0, 0, "@pubsub @slow")
        .doc("pubsub", "2.8.0", "O(1)", "Counts the distinct subscribed patterns.")
        .handler((c, argv) -> c.reply().integer(c.engine().pubsub().patterns().size()));
  }

  private static void help(Client c, byte[][] argv) {
    c.reply().array(HELP.length);
    for (String line : HELP) {
      c.reply().simple(line);
    }
  }

  private static void channels(Client c, byte[][] argv, Map<ChannelName, Set<Client>> registry) {
    if (argv.length > 3) {
      throw new CommandException(
          "ERR unknown subcommand or wrong number of arguments for '"
              + Bytes.str(argv[1])
              + "'. Try PUBSUB HELP.");
    }
    byte[] pattern = argv.length == 3 ? argv[2] : null;
    List<byte[]> names = new ArrayList<>();
    for (ChannelName n : registry.keySet()) {
      if (pattern == null || Glob.matches(pattern, n.bytes())) {
        names.add(n.bytes());
      }
    }
    c.reply().array(names.size());
    for (byte[] n : names) {
      c.reply().bulk(n);
    }
  }

  private static void numsub(Client c, byte[][] argv, Map<ChannelName, Set<Client>> registry) {
    // A flat array of name, count pairs in both protocols, as Redis 7.0 answers.
    c.reply().array((argv.length - 2) * 2);
    for (int i = 2; i < argv.length; i++) {
      Set<Client> subscribers = registry.get(new ChannelName(argv[i]));
      c.reply().bulk(argv[i]);
      c.reply().integer(subscribers == null ? 0 : subscribers.size());
    }
  }
}
