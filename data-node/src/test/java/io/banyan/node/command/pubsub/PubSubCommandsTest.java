package io.banyan.node.command.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.transactions.TestClients;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.RespClient.Push;
import io.banyan.node.testing.ServerTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PubSubCommandsTest extends ServerTestBase {

  /** A frame (RESP2 array or RESP3 push) as strings, nulls and longs, for assertions. */
  static List<Object> frame(Object reply) {
    List<?> items = reply instanceof Push p ? p.items() : (List<?>) reply;
    List<Object> out = new ArrayList<>();
    for (Object o : items) {
      out.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o);
    }
    return out;
  }

  @Test
  void subscribeConfirmsEachChannelOnceAndCountsDistinctSubscriptions() {
    RespClient sub = resp();
    sub.send("SUBSCRIBE", "a", "b", "a");
    assertThat(frame(sub.read())).containsExactly("subscribe", "a", 1L);
    assertThat(frame(sub.read())).containsExactly("subscribe", "b", 2L);
    assertThat(frame(sub.read())).containsExactly("subscribe", "a", 2L);
  }

  @Test
  void publishDeliversToEverySubscriberAndAnswersTheReceiverCount() {
    RespClient s1 = resp();
    RespClient s2 = resp();
    RespClient pub = resp();
    s1.call("SUBSCRIBE", "news");
    s2.call("SUBSCRIBE", "news");
    assertThat(pub.call("PUBLISH", "news", "hello")).isEqualTo(2L);
    assertThat(pub.call("PUBLISH", "nobody", "x")).isEqualTo(0L);
    assertThat(frame(s1.read())).containsExactly("message", "news", "hello");
    assertThat(frame(s2.read())).containsExactly("message", "news", "hello");
  }

  @Test
  void unsubscribeWithoutArgumentsDropsEverythingOrReportsNullWhenNothing() {
    RespClient c = resp();
    assertThat(frame(c.call("UNSUBSCRIBE"))).containsExactly("unsubscribe", null, 0L);
    assertThat(frame(c.call("PUNSUBSCRIBE"))).containsExactly("punsubscribe", null, 0L);
    assertThat(frame(c.call("SUNSUBSCRIBE"))).containsExactly("sunsubscribe", null, 0L);

    c.send("SUBSCRIBE", "x", "y");
    c.read();
    c.read();
    c.call("PSUBSCRIBE", "p*");
    c.send("UNSUBSCRIBE");
    List<Object> first = frame(c.read());
    List<Object> second = frame(c.read());
    assertThat(List.of(first.get(1), second.get(1))).containsExactlyInAnyOrder("x", "y");
    assertThat(first.get(2)).isEqualTo(2L); // the pattern still counts
    assertThat(second.get(2)).isEqualTo(1L);
    assertThat(frame(c.call("UNSUBSCRIBE", "never"))).containsExactly("unsubscribe", "never", 1L);
    assertThat(frame(c.call("PUNSUBSCRIBE"))).containsExactly("punsubscribe", "p*", 0L);
    // Out of the pub/sub context: ordinary commands work again.
    assertThat(c.call("GET", "k")).isNull();
  }

  @Test
  void resp2SubscribedContextRefusesOtherCommandsWithRedisText() {
    RespClient c = resp();
    c.call("SUBSCRIBE", "a");
    assertThat(c.call("GET", "k"))
        .isEqualTo(
            new Err(
                "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT /"
                    + " RESET are allowed in this context"));
    assertThat(c.call("PUBLISH", "a", "x")).isInstanceOf(Err.class);
    assertThat(frame(c.call("PSUBSCRIBE", "z*"))).containsExactly("psubscribe", "z*", 2L);
  }

  @Test
  void shardSubscriptionAloneAlsoEntersThePubSubContext() {
    RespClient c = resp();
    assertThat(frame(c.call("SSUBSCRIBE", "s"))).containsExactly("ssubscribe", "s", 1L);
    assertThat(c.call("GET", "k")).isInstanceOf(Err.class);
    assertThat(frame(c.call("SUNSUBSCRIBE"))).containsExactly("sunsubscribe", "s", 0L);
    assertThat(c.call("GET", "k")).isNull();
  }

  @Test
  void patternsMatchWithGlobsAndCountOncePerMatchingSubscription() {
    RespClient sub = resp();
    RespClient pub = resp();
    sub.send("PSUBSCRIBE", "news.*", "h?llo", "[ab]x");
    sub.read();
    sub.read();
    assertThat(frame(sub.read())).containsExactly("psubscribe", "[ab]x", 3L);
    sub.call("SUBSCRIBE", "news.sport");

    // Channel subscription and pattern match: delivered twice, channel first.
    assertThat(pub.call("PUBLISH", "news.sport", "goal")).isEqualTo(2L);
    assertThat(frame(sub.read())).containsExactly("message", "news.sport", "goal");
    assertThat(frame(sub.read())).containsExactly("pmessage", "news.*", "news.sport", "goal");

    assertThat(pub.call("PUBLISH", "hallo", "1")).isEqualTo(1L);
    assertThat(pub.call("PUBLISH", "hello!", "no")).isEqualTo(0L);
    assertThat(pub.call("PUBLISH", "cx", "no")).isEqualTo(0L);
    assertThat(pub.call("PUBLISH", "bx", "2")).isEqualTo(1L);
    assertThat(frame(sub.read())).containsExactly("pmessage", "h?llo", "hallo", "1");
    assertThat(frame(sub.read())).containsExactly("pmessage", "[ab]x", "bx", "2");
  }

  @Test
  void channelNamesAndMessagesAreBinarySafe() {
    byte[] channel = {0, (byte) 0xff, '\r', '\n', 'c'};
    byte[] message = {(byte) 0xc3, 0, (byte) 0x80};
    RespClient sub = resp();
    RespClient pub = resp();
    List<?> confirm = (List<?>) sub.call("SUBSCRIBE", channel);
    assertThat((byte[]) confirm.get(1)).isEqualTo(channel);
    sub.call("PSUBSCRIBE", new byte[] {0, '*'});

    assertThat(pub.call("PUBLISH", channel, message)).isEqualTo(2L);
    List<?> m = (List<?>) sub.read();
    assertThat((byte[]) m.get(1)).isEqualTo(channel);
    assertThat((byte[]) m.get(2)).isEqualTo(message);
    List<?> pm = (List<?>) sub.read();
    assertThat((byte[]) pm.get(1)).isEqualTo(new byte[] {0, '*'});
    assertThat((byte[]) pm.get(3)).isEqualTo(message);

    // A different byte sequence with the same UTF-8 rendering is a different channel.
    assertThat(pub.call("PUBLISH", new byte[] {0, (byte) 0xfe, '\r', '\n', 'c'}, "x"))
        .isEqualTo(1L); // only the pattern matches
    List<?> numsub = (List<?>) pub.call("PUBSUB", "NUMSUB", channel);
    assertThat((byte[]) numsub.get(0)).isEqualTo(channel);
    assertThat(numsub.get(1)).isEqualTo(1L);
    List<?> channels = (List<?>) pub.call("PUBSUB", "CHANNELS");
    assertThat((byte[]) channels.get(0)).isEqualTo(channel);
  }

  @Test
  void pubsubIntrospectionCountsChannelsPatternsAndSubscribers() {
    RespClient a = resp();
    RespClient b = resp();
    RespClient q = resp();
    a.send("SUBSCRIBE", "news.tech", "news.art", "chat");
    a.read();
    a.read();
    a.read();
    b.call("SUBSCRIBE", "news.tech");
    a.call("PSUBSCRIBE", "news.*");
    b.call("PSUBSCRIBE", "news.*");
    b.call("PSUBSCRIBE", "other*");

    assertThat(q.call("PUBSUB", "NUMPAT")).isEqualTo(2L);
    assertThat(stringsOf(q.call("PUBSUB", "NUMSUB", "news.tech", "chat", "none")))
        .containsExactly("news.tech", 2L, "chat", 1L, "none", 0L);
    assertThat(q.call("PUBSUB", "NUMSUB")).isEqualTo(List.of());
    assertThat(stringsOf(q.call("PUBSUB", "CHANNELS")))
        .containsExactlyInAnyOrder("news.tech", "news.art", "chat");
    assertThat(stringsOf(q.call("PUBSUB", "CHANNELS", "news.*")))
        .containsExactlyInAnyOrder("news.tech", "news.art");

    b.call("UNSUBSCRIBE", "news.tech");
    a.call("PUNSUBSCRIBE", "news.*");
    assertThat(stringsOf(q.call("PUBSUB", "NUMSUB", "news.tech"))).containsExactly("news.tech", 1L);
    assertThat(q.call("PUBSUB", "NUMPAT")).isEqualTo(2L); // b still has news.* and other*
    b.close();
    org.awaitility.Awaitility.await().until(() -> q.call("PUBSUB", "NUMPAT").equals(0L));
  }

  @Test
  void pubsubErrorsMatchRedis() {
    RespClient q = resp();
    assertThat(q.call("PUBSUB"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'pubsub' command"));
    assertThat(q.call("PUBSUB", "NUMPAT", "x"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'pubsub|numpat' command"));
    assertThat(q.call("PUBSUB", "channels", "a", "b"))
        .isEqualTo(
            new Err(
                "ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB"
                    + " HELP."));
    assertThat(q.call("PUBSUB", "nope"))
        .isEqualTo(new Err("ERR unknown subcommand 'nope'. Try PUBSUB HELP."));
    assertThat(q.call("PUBLISH", "a"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'publish' command"));
    assertThat(q.call("SUBSCRIBE"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'subscribe' command"));
    List<Object> help = stringsOf(q.call("PUBSUB", "HELP"));
    assertThat(help.get(0))
        .isEqualTo("PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    assertThat(help).contains("NUMSUB [<channel> ...]", "SHARDNUMSUB [<shardchannel> ...]");
  }

  @Test
  void shardChannelsAreANamespaceOfTheirOwn() {
    RespClient s = resp();
    RespClient pub = resp();
    s.call("SUBSCRIBE", "ch");
    // Shard confirmations count shard channels only; channel confirmations exclude them.
    assertThat(frame(s.call("SSUBSCRIBE", "ch"))).containsExactly("ssubscribe", "ch", 1L);
    assertThat(frame(s.call("SUBSCRIBE", "other"))).containsExactly("subscribe", "other", 2L);

    assertThat(pub.call("SPUBLISH", "ch", "to-shard")).isEqualTo(1L);
    assertThat(frame(s.read())).containsExactly("smessage", "ch", "to-shard");
    assertThat(pub.call("PUBLISH", "ch", "to-channel")).isEqualTo(1L);
    assertThat(frame(s.read())).containsExactly("message", "ch", "to-channel");
    assertThat(pub.call("SPUBLISH", "other", "x")).isEqualTo(0L);

    assertThat(stringsOf(pub.call("PUBSUB", "SHARDCHANNELS"))).containsExactly("ch");
    assertThat(stringsOf(pub.call("PUBSUB", "SHARDCHANNELS", "c?"))).containsExactly("ch");
    assertThat(stringsOf(pub.call("PUBSUB", "SHARDNUMSUB", "ch", "other")))
        .containsExactly("ch", 1L, "other", 0L);
    assertThat(stringsOf(pub.call("PUBSUB", "NUMSUB", "other"))).containsExactly("other", 1L);
  }

  @Test
  void resp3UsesPushFramesAndAllowsAnyCommandWhileSubscribed() throws Exception {
    RespClient s = TestClients.resp3(server, resp());
    RespClient pub = resp();
    Object unsub = s.call("UNSUBSCRIBE");
    assertThat(unsub).isInstanceOf(Push.class);
    assertThat(frame(unsub)).containsExactly("unsubscribe", null, 0L);

    Object confirm = s.call("SUBSCRIBE", "a");
    assertThat(confirm).isInstanceOf(Push.class);
    assertThat(frame(confirm)).containsExactly("subscribe", "a", 1L);
    assertThat(frame(s.call("PSUBSCRIBE", "a*"))).containsExactly("psubscribe", "a*", 2L);

    assertThat(pub.call("PUBLISH", "a", "hi")).isEqualTo(2L);
    Object m = s.read();
    assertThat(m).isInstanceOf(Push.class);
    assertThat(frame(m)).containsExactly("message", "a", "hi");
    assertThat(frame(s.read())).containsExactly("pmessage", "a*", "a", "hi");

    // No pub/sub context in RESP3: ordinary commands answer ordinary replies.
    assertThat(s.call("SET", "k", "v")).isEqualTo("OK");
    assertThat(RespClient.str(s.call("GET", "k"))).isEqualTo("v");
    // A subscriber may publish to itself: the message push comes before the reply.
    s.send("PUBLISH", "a", "self");
    assertThat(frame(s.read())).containsExactly("message", "a", "self");
    assertThat(frame(s.read())).containsExactly("pmessage", "a*", "a", "self");
    assertThat(s.read()).isEqualTo(2L);
  }

  @Test
  void disconnectedSubscribersAreForgotten() {
    RespClient s = resp();
    RespClient pub = resp();
    s.call("SUBSCRIBE", "gone");
    s.call("SSUBSCRIBE", "gone");
    s.close();
    org.awaitility.Awaitility.await().until(() -> pub.call("PUBLISH", "gone", "x").equals(0L));
    assertThat(pub.call("SPUBLISH", "gone", "x")).isEqualTo(0L);
    assertThat(pub.call("PUBSUB", "CHANNELS")).isEqualTo(List.of());
  }

  static List<Object> stringsOf(Object reply) {
    List<Object> out = new ArrayList<>();
    for (Object o : (List<?>) reply) {
      out.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o);
    }
    return out;
  }
}
