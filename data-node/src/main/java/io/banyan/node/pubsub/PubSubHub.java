package io.banyan.node.pubsub;

import io.banyan.node.client.Client;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Channel and pattern subscriptions, and message delivery to subscribers. Command-execution thread
 * only.
 */
public final class PubSubHub {
  private final Map<String, Set<Client>> channels = new LinkedHashMap<>();
  private final Map<String, Set<Client>> patterns = new LinkedHashMap<>();

  public Map<String, Set<Client>> channels() {
    return channels;
  }

  public Map<String, Set<Client>> patterns() {
    return patterns;
  }

  /** Removes every subscription of a disconnecting or RESET client. */
  public void unsubscribeAll(Client c) {
    for (String ch : c.channels()) {
      Set<Client> s = channels.get(ch);
      if (s != null) {
        s.remove(c);
        if (s.isEmpty()) {
          channels.remove(ch);
        }
      }
    }
    for (String p : c.patterns()) {
      Set<Client> s = patterns.get(p);
      if (s != null) {
        s.remove(c);
        if (s.isEmpty()) {
          patterns.remove(p);
        }
      }
    }
    c.channels().clear();
    c.patterns().clear();
  }

  /** Subscribes to a channel; returns false when already subscribed. */
  public boolean subscribe(Client c, String channel) {
    if (!c.channels().add(channel)) {
      return false;
    }
    channels.computeIfAbsent(channel, k -> new LinkedHashSet<>()).add(c);
    return true;
  }

  /** Unsubscribes from a channel; returns false when not subscribed. */
  public boolean unsubscribe(Client c, String channel) {
    if (!c.channels().remove(channel)) {
      return false;
    }
    Set<Client> s = channels.get(channel);
    if (s != null) {
      s.remove(c);
      if (s.isEmpty()) {
        channels.remove(channel);
      }
    }
    return true;
  }

  public boolean psubscribe(Client c, String pattern) {
    if (!c.patterns().add(pattern)) {
      return false;
    }
    patterns.computeIfAbsent(pattern, k -> new LinkedHashSet<>()).add(c);
    return true;
  }

  public boolean punsubscribe(Client c, String pattern) {
    if (!c.patterns().remove(pattern)) {
      return false;
    }
    Set<Client> s = patterns.get(pattern);
    if (s != null) {
      s.remove(c);
      if (s.isEmpty()) {
        patterns.remove(pattern);
      }
    }
    return true;
  }

  /** Delivers a message; returns the number of receiving clients (channel plus pattern matches). */
  public int publish(byte[] channel, byte[] message) {
    return 0; // implemented with the pub/sub commands
  }
}
