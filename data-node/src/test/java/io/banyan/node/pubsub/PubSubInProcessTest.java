package io.banyan.node.pubsub;

import static io.banyan.node.testing.RespClient.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.RespClient.Push;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pub/sub in-process: delivery to other clients, RESP2's subscriber context, RESP3 pushes. */
class PubSubInProcessTest extends InProcessTestBase {
  private static List<String> strings(List<?> items) {
    return items.stream().map(o -> o instanceof Long l ? l.toString() : str(o)).toList();
  }

  @Test
  void aMessageReachesEverySubscriberOfItsChannelAndPattern() {
    InProcessClient sub = client();
    InProcessClient psub = client();
    InProcessClient pub = client();
    assertThat(strings((List<?>) sub.call("SUBSCRIBE", "news")))
        .containsExactly("subscribe", "news", "1");
    assertThat(strings((List<?>) psub.call("PSUBSCRIBE", "n*")))
        .containsExactly("psubscribe", "n*", "1");
    assertThat(pub.call("PUBLISH", "news", "hi")).isEqualTo(2L);
    assertThat(strings((List<?>) sub.read())).containsExactly("message", "news", "hi");
    assertThat(strings((List<?>) psub.read())).containsExactly("pmessage", "n*", "news", "hi");
    assertThat(pub.call("PUBLISH", "other", "x")).isEqualTo(0L);
  }

  @Test
  void aResp2SubscriberMayOnlyRunSubscriptionCommands() {
    InProcessClient sub = client();
    sub.call("SUBSCRIBE", "ch");
    assertThat(sub.call("GET", "x"))
        .isEqualTo(
            new Err(
                "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT /"
                    + " RESET are allowed in this context"));
    assertThat(strings((List<?>) sub.call("PING"))).containsExactly("pong", "");
    assertThat(strings((List<?>) sub.call("UNSUBSCRIBE")))
        .containsExactly("unsubscribe", "ch", "0");
    assertThat(sub.call("PING")).isEqualTo("PONG");
  }

  @Test
  void resp3SubscribersGetPushesAndKeepRunningCommands() {
    InProcessClient sub = client();
    sub.call("HELLO", "3");
    assertThat(sub.call("SUBSCRIBE", "ch")).isInstanceOf(Push.class);
    assertThat(sub.call("GET", "x")).isNull();
    assertThat(sub.call("PING")).isEqualTo("PONG");
    client().call("PUBLISH", "ch", "hello");
    Object message = sub.read();
    assertThat(message).isInstanceOf(Push.class);
    assertThat(strings(((Push) message).items())).containsExactly("message", "ch", "hello");
  }
}
