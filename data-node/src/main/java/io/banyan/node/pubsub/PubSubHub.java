package io.banyan.node.pubsub;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Engine;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Glob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subscriptions and message delivery, in three namespaces: channels (SUBSCRIBE), patterns
 * (PSUBSCRIBE) and shard channels (SSUBSCRIBE; on a standalone node simply a namespace of their
 * own). Names are binary.
 *
 * <p>Delivery writes into each subscriber's reply buffer and schedules a flush. A subscriber that
 * cannot keep up is disconnected once its pending output passes the pubsub class of {@code
 * client-output-buffer-limit} (hard limit at once, soft limit when exceeded for longer than its
 * seconds), instead of buffering without bound.
 *
 * <p>Command-execution thread only.
 */
public final class PubSubHub {
  /** A subscription namespace, with the words its replies and messages use. */
  public enum Kind {
    CHANNEL("subscribe", "unsubscribe", "message"),
    PATTERN("psubscribe", "punsubscribe", "pmessage"),
    SHARD("ssubscribe", "sunsubscribe", "smessage");

    private final byte[] subscribeWord;
    private final byte[] unsubscribeWord;
    private final byte[] messageWord;

    Kind(String subscribe, String unsubscribe, String message) {
      this.subscribeWord = Bytes.utf8(subscribe);
      this.unsubscribeWord = Bytes.utf8(unsubscribe);
      this.messageWord = Bytes.utf8(message);
    }

    public byte[] subscribeWord() {
      return subscribeWord;
    }

    public byte[] unsubscribeWord() {
      return unsubscribeWord;
    }
  }

  private final Engine engine;
  private final Map<ChannelName, Set<Client>> channels = new LinkedHashMap<>();
  private final Map<ChannelName, Set<Client>> patterns = new LinkedHashMap<>();
  private final Map<ChannelName, Set<Client>> shardChannels = new LinkedHashMap<>();

  public PubSubHub(Engine engine) {
    this.engine = engine;
  }

  /** Subscribers by channel name; read-only use. */
  public Map<ChannelName, Set<Client>> channels() {
    return channels;
  }

  /** Subscribers by pattern; read-only use. */
  public Map<ChannelName, Set<Client>> patterns() {
    return patterns;
  }

  /** Subscribers by shard channel name; read-only use. */
  public Map<ChannelName, Set<Client>> shardChannels() {
    return shardChannels;
  }

  private Map<ChannelName, Set<Client>> registry(Kind kind) {
    return switch (kind) {
      case CHANNEL -> channels;
      case PATTERN -> patterns;
      case SHARD -> shardChannels;
    };
  }

  private static Set<ChannelName> own(Client c, Kind kind) {
    return switch (kind) {
      case CHANNEL -> c.channels();
      case PATTERN -> c.patterns();
      case SHARD -> c.shardChannels();
    };
  }

  /**
   * The count a (un)subscribe confirmation reports: channels plus patterns for those kinds, shard
   * channels alone for the shard kind (Redis 7.0).
   */
  public static int confirmationCount(Client c, Kind kind) {
    return kind == Kind.SHARD
        ? c.shardChannels().size()
        : c.channels().size() + c.patterns().size();
  }

  /** The client's subscriptions of one kind, copied (safe to unsubscribe while iterating). */
  public static List<ChannelName> subscriptions(Client c, Kind kind) {
    return new ArrayList<>(own(c, kind));
  }

  /** Subscribes; returns false when the client was already subscribed. */
  public boolean subscribe(Client c, Kind kind, ChannelName name) {
    if (!own(c, kind).add(name)) {
      return false;
    }
    registry(kind).computeIfAbsent(name, k -> new LinkedHashSet<>()).add(c);
    return true;
  }

  /** Unsubscribes; returns false when the client was not subscribed. */
  public boolean unsubscribe(Client c, Kind kind, ChannelName name) {
    if (!own(c, kind).remove(name)) {
      return false;
    }
    Map<ChannelName, Set<Client>> reg = registry(kind);
    Set<Client> s = reg.get(name);
    if (s != null) {
      s.remove(c);
      if (s.isEmpty()) {
        reg.remove(name);
      }
    }
    return true;
  }

  /** Removes every subscription of a disconnecting or RESET client, without replies. */
  public void unsubscribeAll(Client c) {
    for (Kind kind : Kind.values()) {
      for (ChannelName n : subscriptions(c, kind)) {
        unsubscribe(c, kind, n);
      }
    }
  }

  /**
   * Delivers a message to the subscribers of the channel, then to the subscribers of every matching
   * pattern. Returns the number of deliveries (a client subscribed both ways counts twice).
   */
  public int publish(byte[] channel, byte[] message) {
    List<Client> overLimit = null;
    int receivers = 0;
    Set<Client> direct = channels.get(new ChannelName(channel));
    if (direct != null) {
      for (Client c : direct) {
        receivers++;
        overLimit = deliver(c, Kind.CHANNEL, null, channel, message, overLimit);
      }
    }
    for (Map.Entry<ChannelName, Set<Client>> e : patterns.entrySet()) {
      byte[] pattern = e.getKey().bytes();
      if (!Glob.matches(pattern, channel)) {
        continue;
      }
      for (Client c : e.getValue()) {
        receivers++;
        overLimit = deliver(c, Kind.PATTERN, pattern, channel, message, overLimit);
      }
    }
    disconnect(overLimit);
    return receivers;
  }

  /** Delivers a message to the subscribers of a shard channel (SPUBLISH). */
  public int publishShard(byte[] channel, byte[] message) {
    Set<Client> subscribers = shardChannels.get(new ChannelName(channel));
    if (subscribers == null) {
      return 0;
    }
    List<Client> overLimit = null;
    for (Client c : subscribers) {
      overLimit = deliver(c, Kind.SHARD, null, channel, message, overLimit);
    }
    int receivers = subscribers.size();
    disconnect(overLimit);
    return receivers;
  }

  /** Writes one message frame; returns the list of clients over their limit (created lazily). */
  private List<Client> deliver(
      Client c, Kind kind, byte[] pattern, byte[] channel, byte[] message, List<Client> overLimit) {
    if (c.closing()) {
      return overLimit;
    }
    Reply r = c.reply();
    r.push(pattern == null ? 3 : 4);
    r.bulk(kind.messageWord);
    if (pattern != null) {
      r.bulk(pattern);
    }
    r.bulk(channel);
    r.bulk(message);
    if (c.overOutputLimit()) {
      if (overLimit == null) {
        overLimit = new ArrayList<>(1);
      }
      overLimit.add(c);
    } else {
      c.flushSoon();
    }
    return overLimit;
  }

  private void disconnect(List<Client> clients) {
    if (clients == null) {
      return;
    }
    for (Client c : clients) {
      c.closeForOutputLimit();
    }
  }
}
