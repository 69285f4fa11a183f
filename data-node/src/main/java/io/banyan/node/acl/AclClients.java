package io.banyan.node.acl;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientRegistry;
import io.banyan.node.pubsub.ChannelName;
import java.util.ArrayList;
import java.util.List;

/**
 * What a change of users does to connected clients, as in Redis 7.0: deleting a user disconnects
 * its clients; narrowing a user's channels disconnects its subscribers that lost a channel they
 * hear. Changing passwords disconnects nobody (rotation relies on that).
 */
public final class AclClients {
  private AclClients() {}

  /** Disconnects every client signed in as the user, after the current reply for the caller. */
  public static void disconnect(ClientRegistry clients, User deleted, Client caller) {
    for (Client c : List.copyOf(clients.all())) {
      if (c.aclUser() == deleted) {
        c.signOut();
        if (c == caller) {
          c.closeAfterReply();
        } else {
          c.closeNow();
        }
      }
    }
  }

  /**
   * Before a change is committed: closes the user's subscribers that the new channel rules would
   * not let subscribe to what they hear now. Nothing happens when the new rules keep every old
   * channel pattern.
   */
  public static void dropLostSubscribers(
      ClientRegistry clients, Users.Change change, Client caller) {
    User before = change.existing();
    User after = change.staged();
    if (before == null) {
      return;
    }
    List<String> upcoming = new ArrayList<>();
    for (Selector s : after.selectors) {
      if (s.allChannels) {
        return;
      }
      upcoming.addAll(s.channels);
    }
    boolean superset = true;
    for (Selector s : before.selectors) {
      if (s.allChannels || !upcoming.containsAll(s.channels)) {
        superset = false;
        break;
      }
    }
    if (superset) {
      return;
    }
    for (Client c : List.copyOf(clients.all())) {
      if (c.aclUser() != before || c.subscriptionCount() == 0) {
        continue;
      }
      if (losesAny(c.patterns(), upcoming, true)
          || losesAny(c.channels(), upcoming, false)
          || losesAny(c.shardChannels(), upcoming, false)) {
        if (c == caller) {
          c.closeAfterReply();
        } else {
          c.closeNow();
        }
      }
    }
  }

  private static boolean losesAny(
      Iterable<ChannelName> heard, List<String> upcoming, boolean patterns) {
    for (ChannelName n : heard) {
      if (!PermissionCheck.channelAllowed(upcoming, n.bytes(), patterns)) {
        return true;
      }
    }
    return false;
  }
}
