package io.banyan.node.command.pubsub;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.pubsub.ChannelName;
import io.banyan.node.pubsub.PubSubHub;
import io.banyan.node.pubsub.PubSubHub.Kind;
import io.banyan.node.resp.Reply;
import java.util.List;

/**
 * Pub/sub: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, their sharded forms
 * SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH, and the PUBSUB introspection container ({@link
 * PubSubIntrospection}).
 *
 * <p>Confirmations are one frame per channel, {@code [kind, name, count]}, sent as RESP3 push
 * frames (arrays in RESP2). PUBLISH and SPUBLISH are propagated to replicas and the AOF, so that
 * subscribers on replicas receive messages too.
 */
public final class PubSubCommands implements CommandFamily {
  private static final String SUBSCRIBE_FLAGS = "pubsub noscript loading stale";
  private static final String PUBLISH_FLAGS = "pubsub loading stale fast may_replicate";

  @Override
  public void register(CommandTable t) {
    t.define("subscribe", -2, SUBSCRIBE_FLAGS, 0, 0, 0, "@pubsub @slow")
        .doc(
            "pubsub",
            "2.0.0",
            "O(N) where N is the number of channels to subscribe to.",
            "Starts listening to messages published to channels.")
        .handler((c, argv) -> subscribe(c, argv, Kind.CHANNEL));
    t.define("unsubscribe", -1, SUBSCRIBE_FLAGS, 0, 0, 0, "@pubsub @slow")
        .doc(
            "pubsub",
            "2.0.0",
            "O(N) where N is the number of clients already subscribed to a" + " channel.",
            "Stops listening to channels, or to all of them without arguments.")
        .handler((c, argv) -> unsubscribe(c, argv, Kind.CHANNEL));
    t.define("psubscribe", -2, SUBSCRIBE_FLAGS, 0, 0, 0, "@pubsub @slow")
        .doc(
            "pubsub",
            "2.0.0",
            "O(N) where N is the number of patterns to subscribe to.",
            "Starts listening to messages published to channels matching glob patterns.")
        .handler((c, argv) -> subscribe(c, argv, Kind.PATTERN));
    t.define("punsubscribe", -1, SUBSCRIBE_FLAGS, 0, 0, 0, "@pubsub @slow")
        .doc(
            "pubsub",
            "2.0.0",
            "O(N+M) where N is the number of patterns the client is already"
                + " subscribed and M is the number of total patterns subscribed in the system (by any"
                + " client).",
            "Stops listening to patterns, or to all of them without arguments.")
        .handler((c, argv) -> unsubscribe(c, argv, Kind.PATTERN));
    t.define("publish", 3, PUBLISH_FLAGS, 0, 0, 0, "@pubsub @fast")
        .doc(
            "pubsub",
            "2.0.0",
            "O(N+M) where N is the number of clients subscribed to the receiving"
                + " channel and M is the total number of subscribed patterns (by any client).",
            "Sends a message to a channel; answers how many subscribers received it.")
        .handler(PubSubCommands::publish);
    t.define("ssubscribe", -2, SUBSCRIBE_FLAGS, 1, -1, 1, "@pubsub @slow")
        .keys("not_key|i1|r-1,1,0")
        .doc(
            "pubsub",
            "7.0.0",
            "O(N) where N is the number of shard channels to subscribe to.",
            "Starts listening to messages published to shard channels.")
        .handler((c, argv) -> subscribe(c, argv, Kind.SHARD));
    t.define("sunsubscribe", -1, SUBSCRIBE_FLAGS, 1, -1, 1, "@pubsub @slow")
        .keys("not_key|i1|r-1,1,0")
        .doc(
            "pubsub",
            "7.0.0",
            "O(N) where N is the number of clients already subscribed to a" + " shard channel.",
            "Stops listening to shard channels, or to all of them.")
        .handler((c, argv) -> unsubscribe(c, argv, Kind.SHARD));
    t.define("spublish", 3, PUBLISH_FLAGS, 1, 1, 1, "@pubsub @fast")
        .keys("not_key|i1|r0,1,0")
        .doc(
            "pubsub",
            "7.0.0",
            "O(N) where N is the number of clients subscribed to the receiving" + " shard channel.",
            "Sends a message to a shard channel.")
        .handler(PubSubCommands::spublish);
    PubSubIntrospection.register(t);
  }

  static void subscribe(Client c, byte[][] argv, Kind kind) {
    // Inside EXEC a client must get exactly one reply per command; Redis 7.0 makes the historical
    // exception for SUBSCRIBE and PSUBSCRIBE only.
    if (kind == Kind.SHARD && c.executingTransaction()) {
      throw new CommandException("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
    }
    PubSubHub hub = c.engine().pubsub();
    for (int i = 1; i < argv.length; i++) {
      hub.subscribe(c, kind, new ChannelName(argv[i]));
      confirm(c, kind.subscribeWord(), argv[i], kind);
    }
  }

  static void unsubscribe(Client c, byte[][] argv, Kind kind) {
    PubSubHub hub = c.engine().pubsub();
    if (argv.length > 1) {
      for (int i = 1; i < argv.length; i++) {
        hub.unsubscribe(c, kind, new ChannelName(argv[i]));
        confirm(c, kind.unsubscribeWord(), argv[i], kind);
      }
      return;
    }
    List<ChannelName> all = PubSubHub.subscriptions(c, kind);
    if (all.isEmpty()) {
      confirm(c, kind.unsubscribeWord(), null, kind);
      return;
    }
    for (ChannelName n : all) {
      hub.unsubscribe(c, kind, n);
      confirm(c, kind.unsubscribeWord(), n.bytes(), kind);
    }
  }

  /** One confirmation frame; a null name is sent as a null (UNSUBSCRIBE with nothing to drop). */
  private static void confirm(Client c, byte[] word, byte[] name, Kind kind) {
    Reply r = c.reply();
    r.push(3);
    r.bulk(word);
    if (name == null) {
      r.nullBulk();
    } else {
      r.bulk(name);
    }
    r.integer(PubSubHub.confirmationCount(c, kind));
  }

  static void publish(Client c, byte[][] argv) {
    int receivers = c.engine().pubsub().publish(argv[1], argv[2]);
    c.propagateAs(argv);
    c.reply().integer(receivers);
  }

  static void spublish(Client c, byte[][] argv) {
    int receivers = c.engine().pubsub().publishShard(argv[1], argv[2]);
    c.propagateAs(argv);
    c.reply().integer(receivers);
  }
}
